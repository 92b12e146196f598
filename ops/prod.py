"""The production layout on one machine: Debian's nginx with TLS in front of several Odoo
nodes that share one database, one filestore and the sessions (``make prod``).

* nginx (its configuration, pid, temporary files and logs in the layout's folder, default
  ``var/prod/``; nothing in /etc/nginx): HTTPS with a certificate made here (self-signed)
  unless ``KSM_TLS_CERT``/``KSM_TLS_KEY`` name one, HTTP answered with a redirect to HTTPS,
  ``/longpolling/`` to the nodes' longpolling ports, everything else spread over the nodes'
  HTTP ports; request size and timeouts set (see ``nginx_conf``).
* Odoo nodes: prefork (``--workers``), ``--proxy-mode``, listening on 127.0.0.1 only; the
  first one runs the cron worker. They share ``data_dir`` (odoo.conf), so the filestore
  and the session files: a session opened on one node is valid on every other.

Ports are loopback and unprivileged by default, so the layout runs next to everything else
on the machine; the environment changes them (``KSM_PROD_*``, see ``Layout.from_env``).
"""
import configparser
import json
import os
import signal
import subprocess
import time

from tests.odoo_env import (ROOT, connect, db_params, odoo_command, set_config_parameter,
                            wait_for_http)

from .cluster import reachable_path

HOME = os.path.join(ROOT, "var", "prod")
STATE = "state.json"
# written by a failover: the database server the nodes use from then on
DATABASE = "database.json"
NGINX_USER = "www-data"  # nginx's workers when root starts it (Debian's own user)


def odoo_option(name, default):
    conf = configparser.ConfigParser()
    conf.read(os.path.join(ROOT, "odoo.conf"))
    return conf["options"].get(name, default)


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as handle:  # a zombie has ended
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _wait_gone(pid, process, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None:
            if process.poll() is not None:
                return True
        elif not _alive(pid):
            return True
        time.sleep(0.1)
    return False


def _runs(pid, marker):
    """True if process ``pid`` runs with ``marker`` on its command line (a pid in a
    state file may belong to another process after a reboot)."""
    try:
        with open("/proc/%d/cmdline" % pid, "rb") as handle:
            return marker.encode() in handle.read()
    except OSError:
        return False


def stop_processes(servers, timeout=60):
    """Stop servers we started, given as (pid, marker, Popen or None): SIGTERM (Odoo
    finishes its requests), again (Odoo's forced shutdown), then SIGKILL to the process
    group; all at once."""
    left = [(pid, process) for pid, marker, process in servers
            if process is not None or _runs(pid, marker)]
    for wait in (timeout, 10):
        for pid, _process in left:
            try:
                os.kill(pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        left = [(pid, process) for pid, process in left
                if not _wait_gone(pid, process, wait)]
    for pid, process in left:
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        _wait_gone(pid, process, 10)


class Node:
    """One Odoo server of the layout (prefork) with its HTTP and longpolling ports."""

    def __init__(self, number, http_port, longpolling_port, cron, pid=None):
        self.number, self.http_port, self.longpolling_port = number, http_port, longpolling_port
        self.cron, self.pid, self.process = cron, pid, None

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self.http_port

    def state(self):
        return {"number": self.number, "http_port": self.http_port,
                "longpolling_port": self.longpolling_port, "cron": self.cron, "pid": self.pid}


class Layout:
    """nginx and the Odoo nodes of one database; its files in ``home``."""

    def __init__(self, home, dbname, nodes, workers=2, listen="127.0.0.1", https_port=8443,
                 http_port=8080, server_name="localhost", cert=None, key=None,
                 db_host=None, db_port=None, max_body="128m"):
        self.home = os.path.abspath(home)
        self.dbname = dbname
        self.nodes = nodes
        self.workers = workers
        self.listen, self.https_port, self.http_port = listen, https_port, http_port
        self.server_name = server_name
        self.cert = cert or os.path.join(self.home, "tls", "cert.pem")
        self.key = key or os.path.join(self.home, "tls", "key.pem")
        self.own_certificate = not cert
        params = db_params()
        self.db_host = db_host or params["host"]
        self.db_port = int(db_port or params["port"])
        self.max_body = max_body
        self.log_dir = os.path.join(self.home, "log")
        self.nginx_dir = os.path.join(self.home, "nginx")
        self.nginx_pid = None

    @classmethod
    def from_env(cls, dbname, home=HOME):
        """The layout of ``make prod``: ports and names from the environment.

        KSM_PROD_LISTEN (127.0.0.1), KSM_PROD_HTTPS_PORT (8443), KSM_PROD_HTTP_PORT (8080),
        KSM_PROD_SERVER_NAME (localhost), KSM_PROD_NODES (2), KSM_PROD_WORKERS (2),
        KSM_PROD_NODE_PORT (8169: node n serves HTTP on 8169 + 10 (n - 1) and longpolling
        3 ports above), KSM_PROD_MAX_BODY (128m), KSM_TLS_CERT / KSM_TLS_KEY (a certificate
        of your own; else one is made). After a failover, the database server written by
        it (var/prod/database.json).
        """
        env = os.environ.get
        base = int(env("KSM_PROD_NODE_PORT", 8169))
        count = int(env("KSM_PROD_NODES", 2))
        nodes = [Node(n + 1, base + 10 * n, base + 10 * n + 3, cron=n == 0)
                 for n in range(count)]
        server = {}
        if os.path.exists(os.path.join(home, DATABASE)):
            with open(os.path.join(home, DATABASE)) as handle:
                server = json.load(handle)
        return cls(home, dbname, nodes, workers=int(env("KSM_PROD_WORKERS", 2)),
                   listen=env("KSM_PROD_LISTEN", "127.0.0.1"),
                   https_port=int(env("KSM_PROD_HTTPS_PORT", 8443)),
                   http_port=int(env("KSM_PROD_HTTP_PORT", 8080)),
                   server_name=env("KSM_PROD_SERVER_NAME", "localhost"),
                   cert=env("KSM_TLS_CERT"), key=env("KSM_TLS_KEY"),
                   db_host=server.get("host"), db_port=server.get("port"),
                   max_body=env("KSM_PROD_MAX_BODY", "128m"))

    @classmethod
    def load(cls, home=HOME):
        """The running layout described by ``home``/state.json, or None."""
        path = os.path.join(home, STATE)
        if not os.path.exists(path):
            return None
        with open(path) as handle:
            state = json.load(handle)
        layout = cls(home, state["dbname"], [Node(**node) for node in state["nodes"]],
                     **state["options"])
        layout.nginx_pid = state.get("nginx_pid")
        return layout

    def is_running(self):
        """True if nginx or a node of this layout runs (a state file may be left over
        from before a reboot)."""
        return bool(self.nginx_pid and _runs(self.nginx_pid, os.path.join(
            self.nginx_dir, "nginx.conf"))) or any(
            node.pid and _runs(node.pid, self.node_log(node)) for node in self.nodes)

    # ------------------------------------------------------------------ addresses
    @property
    def public_host(self):
        """Host (and port unless 443) that clients use, as Odoo builds its URLs."""
        return self.server_name if self.https_port == 443 else "%s:%d" % (
            self.server_name, self.https_port)

    @property
    def url(self):
        return "https://%s" % self.public_host

    @property
    def http_url(self):
        return "http://%s" % (self.server_name if self.http_port == 80 else "%s:%d" % (
            self.server_name, self.http_port))

    @property
    def host_names(self):
        names = [self.server_name]
        if self.server_name == "localhost":
            names.append("127.0.0.1")
        return names

    # ------------------------------------------------------------------ files
    def ensure_certificate(self):
        """A self-signed certificate for the server name, made once (unless configured)."""
        if not self.own_certificate:
            for path in (self.cert, self.key):
                if not os.path.exists(path):
                    raise RuntimeError("The configured TLS file %s does not exist." % path)
            return
        if os.path.exists(self.cert) and os.path.exists(self.key):
            return
        os.makedirs(os.path.dirname(self.cert), mode=0o700, exist_ok=True)
        names = ",".join(("IP:%s" if name.replace(".", "").isdigit() else "DNS:%s") % name
                         for name in self.host_names)
        old_mask = os.umask(0o077)
        try:
            subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                            "-days", "825", "-subj", "/CN=%s" % self.server_name,
                            "-addext", "subjectAltName=%s" % names,
                            "-keyout", self.key, "-out", self.cert],
                           check=True, capture_output=True)
        finally:
            os.umask(old_mask)

    def nginx_conf(self):
        """nginx's configuration of the layout.

        - client_max_body_size: the portal's ticket form takes 10 files of 10 MB;
        - proxy_read_timeout: as long as Odoo lets a request run (limit_time_real);
        - X-Forwarded-* set by nginx alone (a client's own are replaced), Odoo's
          proxy_mode reads the client's address, https and the host from them;
        - host names other than the layout's are answered 421, so that Odoo never
          builds links with a host a client made up;
        - compression only for Odoo's static files and asset bundles, not for pages that
          carry a CSRF token next to reflected input (BREACH).
        """
        root = os.geteuid() == 0
        temp = reachable_path(os.path.join(self.nginx_dir, "temp"), NGINX_USER,
                              "/var/lib/nginx") if root else os.path.join(self.nginx_dir, "temp")
        os.makedirs(temp, exist_ok=True)
        timeout = int(odoo_option("limit_time_real", "120"))

        def servers(port_of):
            return "\n".join("        server 127.0.0.1:%d;" % port_of(node)
                             for node in self.nodes)

        return NGINX_CONF % {
            "user": "user %s;" % NGINX_USER if root else "# (not root: no user directive)",
            "home": self.nginx_dir, "log": self.log_dir, "temp": temp,
            "max_body": self.max_body, "timeout": timeout,
            "http_nodes": servers(lambda node: node.http_port),
            "longpolling_nodes": servers(lambda node: node.longpolling_port),
            "listen": self.listen, "http_port": self.http_port, "https_port": self.https_port,
            "names": " ".join(self.host_names), "url": self.url,
            "forwarded_host": "$host" if self.https_port == 443
            else "$host:%d" % self.https_port,
            "cert": self.cert, "key": self.key,
        }

    def _nginx(self, *args):
        return subprocess.run(
            ["/usr/sbin/nginx", "-p", self.nginx_dir + "/", "-c",
             os.path.join(self.nginx_dir, "nginx.conf")] + list(args),
            capture_output=True, text=True)

    # ------------------------------------------------------------------ life cycle
    def start(self):
        for folder in (self.home, self.log_dir, self.nginx_dir):
            os.makedirs(folder, exist_ok=True)
        self.ensure_certificate()
        with open(os.path.join(self.nginx_dir, "nginx.conf"), "w") as handle:
            handle.write(self.nginx_conf())
        check = self._nginx("-t", "-q")
        if check.returncode:
            raise RuntimeError("nginx refuses its configuration: %s" % check.stderr.strip())
        self.configure_database()
        try:
            self.start_nodes()
            started = self._nginx()
            if started.returncode:
                raise RuntimeError("nginx did not start: %s" % started.stderr.strip())
            with open(os.path.join(self.nginx_dir, "nginx.pid")) as handle:
                self.nginx_pid = int(handle.read())
            self.save()
            wait_for_http(self.url + "/web/login", verify=self.cert, timeout=30)
        except BaseException:
            self.stop()
            raise

    def configure_database(self):
        """Odoo's URLs are the proxy's; reports fetch their stylesheets from node 1."""
        server = {"host": self.db_host, "port": self.db_port}
        for key, value in (("web.base.url", self.url), ("web.base.url.freeze", "True"),
                           ("report.url", self.nodes[0].url)):
            set_config_parameter(self.dbname, key, value, **server)

    def node_log(self, node):
        return os.path.join(self.log_dir, "node-%d.log" % node.number)

    def node_command(self, node):
        return odoo_command([
            "-d", self.dbname, "--db-filter", "^%s$" % self.dbname,
            "--db_host", self.db_host, "--db_port", str(self.db_port),
            "--workers", str(self.workers), "--max-cron-threads", "1" if node.cron else "0",
            "--http-interface", "127.0.0.1", "--http-port", str(node.http_port),
            "--longpolling-port", str(node.longpolling_port), "--proxy-mode",
            "--logfile", self.node_log(node)])

    def start_nodes(self):
        for node in self.nodes:
            with open(os.path.join(self.log_dir, "node-%d.out" % node.number), "a") as out:
                node.process = subprocess.Popen(
                    self.node_command(node), cwd=ROOT, stdin=subprocess.DEVNULL, stdout=out,
                    stderr=subprocess.STDOUT, start_new_session=True)
            node.pid = node.process.pid
        self.save()
        for node in self.nodes:
            for port in (node.http_port, node.longpolling_port):
                wait_for_http("http://127.0.0.1:%d/web/login" % port, node.process)

    def stop_nodes(self, timeout=60):
        """Stop the nodes; ``timeout``: how long their requests may take to finish."""
        stop_processes([(node.pid, self.node_log(node), node.process)
                        for node in self.nodes if node.pid], timeout)
        for node in self.nodes:
            node.pid = node.process = None

    def restart_nodes(self, db_host, db_port):
        """Point the nodes at another database server (after a failover)."""
        self.stop_nodes()
        self.db_host, self.db_port = db_host, int(db_port)
        self.start_nodes()

    def stop(self, timeout=60):
        pid = self.nginx_pid
        conf = os.path.join(self.nginx_dir, "nginx.conf")
        if pid and _runs(pid, conf):
            self._nginx("-s", "quit")
            if not _wait_gone(pid, None, 30):
                stop_processes([(pid, conf, None)])
        self.nginx_pid = None
        self.stop_nodes(timeout)
        if os.path.exists(os.path.join(self.home, STATE)):
            os.unlink(os.path.join(self.home, STATE))

    def save(self):
        state = {"dbname": self.dbname, "nodes": [node.state() for node in self.nodes],
                 "nginx_pid": self.nginx_pid,
                 "options": {"workers": self.workers, "listen": self.listen,
                             "https_port": self.https_port, "http_port": self.http_port,
                             "server_name": self.server_name,
                             "cert": None if self.own_certificate else self.cert,
                             "key": None if self.own_certificate else self.key,
                             "db_host": self.db_host, "db_port": self.db_port,
                             "max_body": self.max_body}}
        with open(os.path.join(self.home, STATE), "w") as handle:
            json.dump(state, handle, indent=1)

    def database_durability(self):
        """'off' when the database server does not sync its writes to disk (the
        development cluster of bin/ksm): a power failure may lose committed work."""
        conn = connect(self.dbname, host=self.db_host, port=self.db_port)
        try:
            with conn.cursor() as cr:
                cr.execute("SHOW fsync")
                return cr.fetchone()[0]
        finally:
            conn.close()


NGINX_CONF = """\
# Written by bin/ksm prod (ops/prod.py) at every start: change the layout there.
%(user)s
worker_processes auto;
pid %(home)s/nginx.pid;
error_log %(log)s/nginx-error.log warn;

events {
    worker_connections 1024;
}

http {
    log_format ksm '$remote_addr [$time_iso8601] "$request" $status $body_bytes_sent '
                   '$request_time upstream=$upstream_addr';
    access_log %(log)s/nginx-access.log ksm;
    client_body_temp_path %(temp)s/body;
    proxy_temp_path %(temp)s/proxy;
    fastcgi_temp_path %(temp)s/fastcgi;
    uwsgi_temp_path %(temp)s/uwsgi;
    scgi_temp_path %(temp)s/scgi;
    default_type application/octet-stream;
    server_tokens off;
    sendfile on;

    client_max_body_size %(max_body)s;
    proxy_connect_timeout 5s;
    proxy_send_timeout %(timeout)ds;
    proxy_read_timeout %(timeout)ds;
    proxy_redirect off;
    proxy_set_header Host $host;
    proxy_set_header X-Forwarded-Host %(forwarded_host)s;
    proxy_set_header X-Forwarded-Proto $scheme;
    proxy_set_header X-Forwarded-For $remote_addr;
    proxy_set_header X-Real-IP $remote_addr;

    upstream odoo {
%(http_nodes)s
    }
    upstream odoo_longpolling {
%(longpolling_nodes)s
    }

    server {
        listen %(listen)s:%(http_port)d default_server;
        server_name _;
        return 301 %(url)s$request_uri;
    }

    server {
        listen %(listen)s:%(https_port)d ssl default_server;
        server_name _;
        ssl_certificate %(cert)s;
        ssl_certificate_key %(key)s;
        return 421;
    }

    server {
        listen %(listen)s:%(https_port)d ssl http2;
        server_name %(names)s;
        ssl_certificate %(cert)s;
        ssl_certificate_key %(key)s;
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:ksm_tls:10m;
        ssl_session_timeout 1d;

        location ^~ /longpolling/ {
            proxy_pass http://odoo_longpolling;
            # a poll waits up to 50 s for a notification
            proxy_read_timeout 120s;
        }

        location ~ ^/web/(static|content)/ {
            gzip on;
            gzip_types text/css text/plain application/javascript application/json
                       image/svg+xml;
            proxy_pass http://odoo;
        }

        location / {
            proxy_pass http://odoo;
        }
    }
}
"""
