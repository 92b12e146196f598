"""l10n_de_xrechnung on its own: a fresh database with only it (and Odoo's modules it
depends on) installed, no module of the project besides, and its Odoo tests pass there.

The dependencies go into a template database first, without ``--test-enable`` (Odoo 11
would run the tests of every module installed in the same run: base, mail, account,
...); the module is then installed into a copy of it with its tests. Every database
made here is named ``xr_standalone_*``; the test database is dropped at the end, the
template (``odoo_env.base_template`` of the module's dependencies) is kept for the next
run.
"""
import ast
import os
import subprocess

import pytest

from .conftest import free_port
from .odoo_env import ROOT, base_template, connect, copy_database, drop_database, odoo_command
from .odoo_suite import parse_log

MODULE = "l10n_de_xrechnung"
PREFIX = "xr_standalone_"
LOG_DIR = os.path.join(ROOT, "var", "log")


def _dependencies():
    with open(os.path.join(ROOT, "addons", MODULE, "__manifest__.py")) as handle:
        return sorted(ast.literal_eval(handle.read())["depends"])


def _odoo(args, log_path):
    if os.path.exists(log_path):
        os.unlink(log_path)
    return subprocess.call(odoo_command(args + [
        "--stop-after-init", "--logfile", log_path, "--log-level=info",
        "--max-cron-threads=0", "--workers=0", "--http-port", str(free_port())]), cwd=ROOT)


@pytest.fixture(scope="module")
def standalone_run():
    """(database, log, exit code): the module installed with its tests into a copy of
    the template; the database is dropped afterwards."""
    dbname = "%stest_%d" % (PREFIX, os.getpid())
    log = os.path.join(LOG_DIR, "xr-standalone-tests.log")
    template = base_template(os.path.join(LOG_DIR, "xr-standalone-base.log"),
                             _dependencies(), prefix=PREFIX + "base_")
    copy_database(template, dbname)
    try:
        code = _odoo(["-d", dbname, "-i", MODULE, "--test-enable"], log)
        yield dbname, log, code
    finally:
        drop_database(dbname)


def test_only_the_module_and_odoo_modules_are_installed(standalone_run):
    dbname, log, code = standalone_run
    assert code == 0, "Odoo exited with %d; see %s" % (code, log)
    conn = connect(dbname)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT name, state FROM ir_module_module WHERE state IN "
                       "('installed', 'to install', 'to upgrade')")
            installed = dict(cr.fetchall())
    finally:
        conn.close()
    assert installed.get(MODULE) == "installed"
    assert set(_dependencies()) <= set(installed)
    project_modules = set(os.listdir(os.path.join(ROOT, "addons"))) - {MODULE}
    assert not sorted(name for name in installed if name.startswith("ksm")), installed
    assert not sorted(set(installed) & project_modules)


def test_the_module_tests_ran_and_passed(standalone_run):
    dbname, log, code = standalone_run
    tests, failures, install_errors, ran = parse_log(log)
    assert ran > 0 and ran == len(tests), "%d tests ran, %d parsed from %s" % (
        ran, len(tests), log)
    assert all(".%s.tests." % MODULE in test for test in tests), tests
    assert not install_errors, "\n".join(install_errors)
    assert not failures, "\n\n".join("\n".join(lines) for lines in failures.values())
    with open(log, errors="replace") as handle:
        problems = [line for line in handle
                    if " ERROR " in line or " CRITICAL " in line or ": FAIL" in line]
    assert not problems, "".join(problems[:40])
