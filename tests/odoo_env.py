"""Where the database is and how Odoo is started: shared by bin/ksm, tests and benchmarks."""
import configparser
import os
import sys

import psycopg2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "ksm-odoo")
KSM_MODULES = ["ksm_membership", "ksm_services", "ksm_schul_it"]

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


def connect(dbname="postgres"):
    params = db_params()
    return psycopg2.connect(dbname=dbname, **params)


def database_exists(name):
    conn = connect()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return bool(cr.fetchone())
    finally:
        conn.close()


def drop_database(name):
    conn = connect()
    conn.autocommit = True
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                       "WHERE datname = %s AND pid <> pg_backend_pid()", [name])
            cr.execute('DROP DATABASE IF EXISTS "%s"' % name)
    finally:
        conn.close()


def odoo_command(args):
    """The command line that starts Odoo through the project's launcher."""
    return [sys.executable, LAUNCHER] + list(args)
