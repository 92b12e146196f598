"""PostgreSQL clusters the project runs itself: the development cluster in var/pgdata, a
streaming standby of it, and the clusters the tests make for themselves.

PostgreSQL refuses to run as root: when started by root, a cluster runs as the
``postgres`` user, in a folder that user can reach.
"""
import hashlib
import os
import shutil
import subprocess
import sys
import time

import psycopg2

# the development cluster: fast, not crash-safe (bin/ksm pg start)
DEVELOPMENT_SETTINGS = {
    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off",
    "max_connections": "200", "shared_buffers": "256MB",
}
# a cluster that keeps what it committed and can feed a streaming standby
PRODUCTION_SETTINGS = {
    "wal_level": "replica", "max_wal_senders": "10", "max_replication_slots": "10",
    "hot_standby": "on", "max_connections": "200", "shared_buffers": "256MB",
}
SUPERUSER = "postgres"
# left in the data directory of a primary whose standby was promoted: it must not come
# back as a second primary (see Cluster.start)
FAILED_OVER_MARK = "ksm-failed-over"


def pg_bin(name):
    for version in ("15", "16", "17", "14", "13"):
        path = "/usr/lib/postgresql/%s/bin/%s" % (version, name)
        if os.path.exists(path):
            return path
    found = shutil.which(name)
    if not found:
        sys.exit("PostgreSQL's %s is missing: run `make setup` (or install the "
                 "Debian package postgresql)." % name)
    return found


def as_cluster_owner(cmd):
    """PostgreSQL refuses to run as root: run it as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", SUPERUSER, "--"] + cmd
    return cmd


def owner_call(cmd, check=False, **kwargs):
    """Run a PostgreSQL tool as the cluster owner (from /, which it can always enter)."""
    run = subprocess.check_call if check else subprocess.call
    return run(as_cluster_owner(cmd), cwd="/", **kwargs)


def reachable_path(path, user, base):
    """``path``, or when root runs a service as ``user`` who cannot enter the folder of
    ``path`` (a checkout under /root), a folder in ``base`` that ``path`` links to."""
    path = os.path.abspath(path)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.geteuid() != 0 or subprocess.call(
            ["runuser", "-u", user, "--", "test", "-x", os.path.dirname(path)], cwd="/") == 0:
        return path
    if os.path.islink(path):
        return os.readlink(path)
    target = os.path.join(base, "ksm-%s" % hashlib.sha1(path.encode()).hexdigest()[:12])
    os.symlink(target, path)
    return target


class Cluster:
    """A cluster in its own data directory, listening on 127.0.0.1:``port`` only."""

    def __init__(self, data, port, log=None):
        self.port = int(port)
        self.data = reachable_path(data, SUPERUSER, "/var/lib/postgresql")
        if self.data != data:  # moved out of reach of the checkout: its log goes along
            log = None
        self.log = log or self.data + ".log"

    def __repr__(self):
        return "<Cluster %s on port %d>" % (self.data, self.port)

    # ---------------------------------------------------------------- state
    def exists(self):
        return os.path.exists(os.path.join(self.data, "PG_VERSION"))

    def running(self):
        return self.exists() and owner_call(
            [pg_bin("pg_ctl"), "status", "-D", self.data],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) == 0

    def in_recovery(self):
        return self.query("SELECT pg_is_in_recovery()")[0][0]

    def postmaster_pid(self):
        with open(os.path.join(self.data, "postmaster.pid")) as handle:
            return int(handle.readline())

    # ---------------------------------------------------------------- life cycle
    def _own(self, path, directory=True):
        if os.geteuid() == 0:
            if directory:
                os.makedirs(path, exist_ok=True)
            subprocess.check_call(["chown", "%s:%s" % (SUPERUSER, SUPERUSER), path])

    def prepare_folders(self):
        """The data directory's parent and the log's folder, writable by the owner."""
        os.makedirs(os.path.dirname(self.data), exist_ok=True)
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        self._own(os.path.dirname(self.log))

    def init(self, settings):
        """A new cluster with ``settings`` (postgresql.conf names and values)."""
        self.prepare_folders()
        os.makedirs(self.data, exist_ok=True)
        self._own(self.data)
        owner_call([pg_bin("initdb"), "-D", self.data, "-U", SUPERUSER, "--auth=trust",
                    "--encoding=UTF8", "--locale=C.UTF-8"], check=True,
                   stdout=subprocess.DEVNULL)
        self.configure(dict(settings, listen_addresses="'127.0.0.1'",
                            unix_socket_directories="''"), "ksm: cluster made by bin/ksm")

    def configure(self, settings, comment):
        """Append ``settings`` to postgresql.conf (later lines win), with the port."""
        lines = ["", "# %s" % comment, "port = %d" % self.port]
        lines += ["%s = %s" % item for item in sorted(settings.items())]
        path = os.path.join(self.data, "postgresql.conf")
        with open(path, "a") as conf:
            conf.write("\n".join(lines) + "\n")

    def start(self):
        """Start the cluster and wait until it accepts connections."""
        if os.path.exists(os.path.join(self.data, FAILED_OVER_MARK)):
            sys.exit("%s was the primary until its standby was promoted (%s): starting it "
                     "again would make a second primary with older data. Make it a standby "
                     "of the new primary (README: Operations) or remove it."
                     % (self.data, open(os.path.join(self.data, FAILED_OVER_MARK)).read()
                        .strip()))
        self.prepare_folders()
        owner_call([pg_bin("pg_ctl"), "start", "-D", self.data, "-l", self.log, "-w",
                    "-t", "120"], check=True, stdout=subprocess.DEVNULL)

    def stop(self, mode="fast"):
        if self.running():
            owner_call([pg_bin("pg_ctl"), "stop", "-D", self.data, "-m", mode, "-w"],
                       check=True, stdout=subprocess.DEVNULL)

    def promote(self):
        """End the standby's recovery: it becomes a primary that accepts writes."""
        owner_call([pg_bin("pg_ctl"), "promote", "-D", self.data, "-w", "-t", "120"],
                   check=True, stdout=subprocess.DEVNULL)
        deadline = time.time() + 60
        while self.in_recovery():
            if time.time() > deadline:
                raise RuntimeError("%r is still in recovery after its promotion" % self)
            time.sleep(0.2)

    def remove(self):
        """Stop the cluster and delete its data directory and log."""
        self.stop("immediate")
        shutil.rmtree(self.data, ignore_errors=True)
        if os.path.exists(self.log):
            os.unlink(self.log)

    # ---------------------------------------------------------------- SQL
    def connect(self, dbname="postgres", user=SUPERUSER, **kwargs):
        return psycopg2.connect(host="127.0.0.1", port=self.port, user=user, dbname=dbname,
                                **kwargs)

    def query(self, sql, params=None, dbname="postgres"):
        """Rows of ``sql`` run as the superuser (autocommit; [] for statements)."""
        conn = self.connect(dbname)
        conn.autocommit = True
        try:
            with conn.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall() if cr.description else []
        finally:
            conn.close()

    def ensure_role(self, user, password=None, attributes="LOGIN CREATEDB"):
        """Create the role unless it exists (no password: for trust on 127.0.0.1)."""
        if not self.query("SELECT 1 FROM pg_roles WHERE rolname = %s", [user]):
            self.query('CREATE ROLE "%s" %s PASSWORD %%s' % (user, attributes), [password])
