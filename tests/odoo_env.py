"""Where the database is and how Odoo is started: shared by bin/ksm, tests and benchmarks."""
import ast
import configparser
import hashlib
import os
import shutil
import subprocess
import sys

import time

import psycopg2
import psycopg2.errors
import requests

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "ksm-odoo")
# the project's own modules, each installed with its demo data and tests
KSM_MODULES = [
    "base_state_guard",
    "base_background_job",
    "mail_tracking_localized",
    "portal_legal_pages",
    "web_company_branding",
    "report_chromium",
    "report_layout_din5008",
    "web_security_hardening",
    "attachment_upload_allowlist",
    "auth_login_hardening",
    "mail_company_footer",
    "portal_tenant_isolation",
    "l10n_de_xrechnung",
    "ksm_instance",
    "ksm_base",
    "ksm_membership",
    "ksm_services",
    "ksm_order_budget",
    "ksm_billing",
    "ksm_allocation",
    "ksm_helpdesk",
    "ksm_helpdesk_order_budget",
    "ksm_it_operations",
    "ksm_schul_it",
]
FILESTORE = os.path.join(ROOT, "var", "data", "filestore")

# (login, password, who) of the demo database, printed by `make run`
DEMO_LOGINS = [
    ("admin", "admin", "KSM back office (administrator)"),
    ("luebtheen", "luebtheen", "Portal: Stadt Lübtheen"),
    ("schwerin", "schwerin", "Portal: Landeshauptstadt Schwerin"),
    ("ludwigslust-parchim", "ludwigslust-parchim", "Portal: Landkreis Ludwigslust-Parchim"),
]


def db_params():
    """Host, port, user and password of the database server: environment first."""
    conf = configparser.ConfigParser()
    conf.read(os.path.join(ROOT, "odoo.conf"))
    options = conf["options"]
    return {
        "host": os.environ.get("PGHOST") or options.get("db_host", "127.0.0.1"),
        "port": int(os.environ.get("PGPORT") or options.get("db_port", "5432")),
        "user": os.environ.get("PGUSER") or options.get("db_user", "ksm"),
        "password": os.environ.get("PGPASSWORD") or options.get("db_password", ""),
    }


def connect(dbname="postgres", **server):
    """A connection to ``dbname`` on the server of ``db_params`` (``server`` overrides its
    host, port, user or password)."""
    return psycopg2.connect(dbname=dbname, **dict(db_params(), **server))


def set_config_parameter(dbname, key, value, **server):
    """Set an ``ir.config_parameter`` of ``dbname`` directly in the database."""
    conn = connect(dbname, **server)
    try:
        with conn, conn.cursor() as cr:
            cr.execute("UPDATE ir_config_parameter SET value = %s WHERE key = %s", [value, key])
            if not cr.rowcount:
                cr.execute("INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)",
                           [key, value])
    finally:
        conn.close()


def database_exists(name):
    conn = connect()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return bool(cr.fetchone())
    finally:
        conn.close()


def execute_on_server(sql, params=None):
    """Run a statement outside a transaction in the server's ``postgres`` database
    (CREATE, ALTER or DROP DATABASE)."""
    conn = connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute(sql, params)
    finally:
        conn.close()


def drop_database(name, filestore=FILESTORE):
    """Drop ``name`` (ending its connections) and its folder in ``filestore``."""
    execute_on_server("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
    execute_on_server('DROP DATABASE IF EXISTS "%s"' % name)
    shutil.rmtree(os.path.join(filestore, name), ignore_errors=True)


def wait_for_http(url, process=None, timeout=180, verify=True):
    """Wait until ``url`` answers 200; give up when ``process`` (a Popen) has ended.

    One request at a time, each given a minute: a first page of Odoo compiles its
    stylesheets, and asking again before it answers would start that anew.
    """
    deadline = time.time() + timeout
    while time.time() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError("%s exited with %s before answering %s"
                               % (os.path.basename(process.args[1]), process.returncode, url))
        try:
            if requests.get(url, timeout=60, verify=verify).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise RuntimeError("%s did not answer within %d s" % (url, timeout))


def odoo_command(args):
    """The command line that starts Odoo through the project's launcher."""
    return [sys.executable, LAUNCHER] + list(args)


def external_dependencies(modules=KSM_MODULES):
    """The non-ksm modules the ksm modules depend on directly, from their manifests."""
    found = set()
    for module in modules:
        path = os.path.join(ROOT, "addons", module, "__manifest__.py")
        with open(path) as handle:
            found.update(ast.literal_eval(handle.read())["depends"])
    return sorted(found - set(modules))


# Odoo's own modules go into the template without their demo data (Agrolait, "YourCompany",
# the demo user, demo tickets and invoices): the demo and test databases show KSM's world
# only. The ksm modules installed on top get their demo data, and with it their tests:
# Odoo 11 loads demo data (and runs the tests) of the modules named by ``-i``.
TEMPLATE_ARGS = ["--without-demo=all", "--load-language=de_DE"]


def _template_name(dependencies, prefix):
    digest = hashlib.sha1()
    digest.update(" ".join(TEMPLATE_ARGS).encode())
    for name in ("requirements.txt", "requirements-odoo.txt"):
        with open(os.path.join(ROOT, name), "rb") as handle:
            digest.update(handle.read())
    digest.update(",".join(dependencies).encode())
    return "%s%s" % (prefix, digest.hexdigest()[:10])


def base_template(log_path, dependencies=None, prefix="ksm_base_"):
    """A database with ``dependencies`` (by default those of the ksm modules) and German
    installed, no demo data; its name is ``prefix`` and a digest.

    Installing Odoo's own modules takes minutes; every test and demo database is copied
    from this template instead, then only the ksm modules are installed. A template is
    made anew when the requirements or the dependencies change.
    """
    dependencies = sorted(external_dependencies() if dependencies is None else dependencies)
    name = _template_name(dependencies, prefix)
    if database_exists(name):
        return name
    building = "%sb%d" % (prefix, os.getpid())  # two test runs may build it at once
    code = subprocess.call(odoo_command([
        "-d", building, "-i", ",".join(dependencies)] + TEMPLATE_ARGS + [
        "--stop-after-init", "--logfile", log_path, "--max-cron-threads=0", "--workers=0"]),
        cwd=ROOT)
    if code:
        drop_database(building)
        raise RuntimeError("Installing %s failed; see %s" % (", ".join(dependencies), log_path))
    conn = connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute('ALTER DATABASE "%s" RENAME TO "%s"' % (building, name))
    except psycopg2.errors.DuplicateDatabase:
        drop_database(building)  # the other run was first
        return name
    finally:
        conn.close()
    if os.path.isdir(os.path.join(FILESTORE, building)):
        os.rename(os.path.join(FILESTORE, building), os.path.join(FILESTORE, name))
    return name


def copy_database(template, name):
    """``name`` as a copy of ``template``, database and filestore."""
    drop_database(name)
    execute_on_server('CREATE DATABASE "%s" TEMPLATE "%s"' % (name, template))
    shutil.rmtree(os.path.join(FILESTORE, name), ignore_errors=True)
    if os.path.isdir(os.path.join(FILESTORE, template)):
        shutil.copytree(os.path.join(FILESTORE, template), os.path.join(FILESTORE, name))
