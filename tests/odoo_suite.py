"""Runs the addons' own Odoo tests and reports each one as a pytest test.

Odoo 11 logs test results and exits 0 even when tests fail. This plugin installs the
ksm modules into a fresh database with ``--test-enable``, reads the log, and turns every
Odoo test into a pytest item that passes or fails with Odoo's traceback. An item
``install`` fails when the installation itself logged an error or Odoo exited non-zero,
and ``test count`` fails when the log's "Ran N tests" lines disagree with what was parsed.

The file that triggers it is ``tests/odoo_modules.txt``: one module name per line.
"""
import os
import re
import subprocess
import time

import pytest

from .odoo_env import ROOT, base_template, copy_database, odoo_command

LOG_LINE = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) \S+ (?P<logger>\S+): (?P<msg>.*)$")
TEST_START = re.compile(r"^(?P<desc>\w+ \([\w.]+\))$")
SUMMARY = re.compile(r"^(?P<kind>FAIL|ERROR): (?P<desc>\w+ \([\w.]+\))$")
RAN = re.compile(r"^Ran (?P<count>\d+) tests? in ")


def test_database():
    return os.environ.get("KSM_TEST_DB", "ksm_test")


def install_test_database(modules, log_path, with_tests):
    """A fresh database with ``modules`` installed (and their tests run); exit code."""
    dbname = test_database()
    os.makedirs(os.path.dirname(log_path), exist_ok=True)
    if os.path.exists(log_path):
        os.unlink(log_path)
    template = base_template(log_path.replace(".log", "-base.log"))
    copy_database(template, dbname)
    args = ["-d", dbname, "-i", ",".join(modules),
            "--stop-after-init", "--logfile", log_path, "--log-level=info",
            "--max-cron-threads=0", "--workers=0"]
    if with_tests:
        args.append("--test-enable")
    return subprocess.call(odoo_command(args), cwd=ROOT)


def parse_log(path):
    """(tests, failures, install_errors, ran): parsed from an Odoo log.

    Errors logged while a test module runs belong to its tests (a test may provoke a
    logged SQL error on purpose); their outcome comes from unittest's own summary.
    """
    tests, failures, install_errors = [], {}, []
    ran = 0
    running_tests = False
    block = None  # lines of the FAIL/ERROR summary being read
    with open(path, errors="replace") as handle:
        for raw in handle:
            line = raw.rstrip("\n")
            match = LOG_LINE.match(line)
            if not match:  # continuation of a multi-line record
                if block is not None:
                    block.append(line)
                elif install_errors and not running_tests:
                    install_errors[-1] += "\n" + line
                continue
            level, logger, msg = match.group("level", "logger", "msg")
            if msg.endswith(" running tests."):
                running_tests = True
            if ".tests." not in logger:
                block = None
                summary_of_module = logger == "odoo.modules.module" and msg.startswith("Module ")
                if level in ("ERROR", "CRITICAL") and not running_tests and not summary_of_module:
                    install_errors.append("%s %s: %s" % (level, logger, msg))
                continue
            start, summary, ran_match = TEST_START.match(msg), SUMMARY.match(msg), RAN.match(msg)
            if start and level == "INFO":
                block = None
                tests.append(start.group("desc"))
            elif summary:
                block = failures[summary.group("desc")] = [msg]
            elif ran_match:
                block = None
                running_tests = False
                ran += int(ran_match.group("count"))
            elif block is not None and not msg.startswith("===="):
                block.append(msg[2:] if msg.startswith("` ") else msg)
    return tests, failures, install_errors, ran


class OdooTestFailure(Exception):
    pass


class OdooModuleSuite(pytest.File):
    def collect(self):
        modules = [line.strip() for line in self.path.read_text().splitlines()
                   if line.strip() and not line.startswith("#")]
        log_path = os.path.join(ROOT, "var", "log", "odoo-module-tests.log")
        started = time.time()
        print("\nInstalling %s with --test-enable into %r (log: %s) ..."
              % (", ".join(modules), test_database(), log_path), flush=True)
        code = install_test_database(modules, log_path, with_tests=True)
        print("Odoo module tests finished in %.0f s" % (time.time() - started), flush=True)
        tests, failures, install_errors, ran = parse_log(log_path)
        yield OdooCheckItem.from_parent(
            self, name="install", problem=(
                "Odoo exited with %d\n" % code if code else "") + "\n".join(install_errors))
        seen = set()
        for desc in tests + [d for d in failures if d not in tests]:
            if desc in seen:
                continue
            seen.add(desc)
            yield OdooTestItem.from_parent(self, name=desc, failure=failures.get(desc))
        yield OdooCheckItem.from_parent(
            self, name="test count", problem="" if ran == len(tests) and ran > 0 else
            "Odoo ran %d tests, %d were parsed from %s" % (ran, len(tests), log_path))


class OdooTestItem(pytest.Item):
    def __init__(self, *, failure, **kwargs):
        super().__init__(**kwargs)
        self.failure = failure

    def runtest(self):
        if self.failure:
            raise OdooTestFailure("\n".join(self.failure))

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, OdooTestFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, "odoo: %s" % self.name


class OdooCheckItem(OdooTestItem):
    def __init__(self, *, problem, **kwargs):
        super().__init__(failure=[problem] if problem else None, **kwargs)


def pytest_collect_file(parent, file_path):
    if file_path.name == "odoo_modules.txt":
        return OdooModuleSuite.from_parent(parent, path=file_path)
