"""Fixtures of the operations tests: a backup of the test database taken while a portal
user submits tickets, its restore, and the production layout on the restored database.

``production_layout`` (session) is nginx with TLS on free loopback ports in front of two
prefork Odoo nodes (the first with the cron worker), started by the code of ``make prod``
(``ops.prod.Layout``) on a restored copy of the test database, so nothing it does touches
the test database. Tests of what clients get through the proxy (headers, cookie flags)
use it like this::

    def test_something(production_layout):
        portal = production_layout.browser("luebtheen")    # logged in over HTTPS
        response = portal.get(portal.url("/my"))

``production_layout.layout`` is the ``Layout`` (``url``, ``http_url``, ``nodes``,
``cert``, ``log_dir``).
"""
import io
import os
import re
import subprocess
import sys
import threading
import time

import pytest
from reportlab.pdfgen import canvas

from ops.prod import Layout, Node
from .conftest import Browser, free_port, post_ticket
from .odoo_env import ROOT, connect, drop_database

KSM = [sys.executable, os.path.join(ROOT, "bin", "ksm")]
PORTAL_LOGIN = "luebtheen-it"  # Lübtheen's IT contact: opens tickets


def ksm_command(*args, **kwargs):
    """``bin/ksm args`` as an operator runs it; the CompletedProcess (text)."""
    return subprocess.run(KSM + list(args), cwd=ROOT, capture_output=True, text=True,
                          timeout=600, **kwargs)


def pdf_file(text):
    """A one-page PDF saying ``text`` (what a Träger attaches to a ticket)."""
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def committed_state(dbname, **server):
    """What must survive a backup or a failover, read with SQL: invoices, acceptances of
    service sheets, consents of the owners, attachments with their checksums, tickets."""
    queries = {
        "invoices": "SELECT id, number, state, amount_total, partner_id FROM account_invoice",
        "acceptances": "SELECT id, state, signed_by_id, signed_by_name, signed_on, signed_ip "
                       "FROM ksm_service_sheet WHERE signed_on IS NOT NULL",
        "consents": "SELECT id, state, partner_id, resolution_id FROM ksm_consent",
        "attachments": "SELECT id, store_fname, checksum, res_model, res_id FROM ir_attachment",
        "tickets": "SELECT id, name FROM helpdesk_ticket",
    }
    conn = connect(dbname, **server)
    try:
        with conn.cursor() as cr:
            state = {}
            for name, sql in queries.items():
                cr.execute(sql)
                state[name] = {row[0]: row[1:] for row in cr.fetchall()}
            return state
    finally:
        conn.close()


class PortalWork(threading.Thread):
    """Lübtheen's IT contact submitting tickets with a PDF, one after the other, until
    ``stop()``; ``submissions``: (title, PDF, started, finished, HTTP status)."""

    def __init__(self, url):
        super().__init__(daemon=True)
        self.portal = Browser(url)
        self.portal.login(PORTAL_LOGIN, PORTAL_LOGIN)
        self.submissions = []
        self.halt = threading.Event()
        self.error = None

    def run(self):
        try:
            while not self.halt.is_set():
                title = "Sicherung läuft: Drucker %d-%d" % (os.getpid(), len(self.submissions))
                pdf = pdf_file(title)
                started = time.time()
                response = post_ticket(
                    self.portal, subject=title, description="Bitte prüfen.",
                    files=[("attachment", ("fehler.pdf", pdf, "application/pdf"))])
                self.submissions.append((title, pdf, started, time.time(),
                                         response.status_code))
        except Exception as error:  # reported by the fixture
            self.error = error

    def wait_for(self, condition, timeout=120):
        deadline = time.time() + timeout
        while not condition(self.submissions):
            assert self.is_alive() and time.time() < deadline, self.error or "no submissions"
            time.sleep(0.05)

    def stop(self):
        self.halt.set()
        self.join(60)
        self.portal.close()
        assert self.error is None, self.error


@pytest.fixture(scope="session")
def ops_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("ops")


@pytest.fixture(scope="session")
def backup_during_portal_work(odoo_server, ops_dir):
    """A backup of the test database made by ``bin/ksm backup`` while a portal user
    submits tickets with an attachment: before it starts, while it runs, after it ended.

    Returns a dict: ``folder``, ``before`` (the committed state when the backup started),
    ``submissions``, ``started``/``ended`` (times), ``output``, ``seconds``.
    """
    work = PortalWork(odoo_server.url)
    work.start()
    try:
        work.wait_for(lambda done: len(done) >= 1)
        before = committed_state(odoo_server.dbname)
        started = time.time()
        result = ksm_command("backup", "--db", odoo_server.dbname,
                             "--dir", str(ops_dir / "backups"), "--keep", "0")
        ended = time.time()
        work.wait_for(lambda done: done[-1][2] > ended)
    finally:
        work.stop()
    assert result.returncode == 0, result.stdout + result.stderr
    folder = re.search(r"^Backup of .* in [\d.]+ s: (.+)$", result.stdout, re.M).group(1)
    return {"folder": folder, "before": before, "submissions": work.submissions,
            "started": started, "ended": ended, "output": result.stdout,
            "seconds": ended - started}


@pytest.fixture(scope="session")
def restored_db(backup_during_portal_work, odoo_db):
    """The backup restored by ``bin/ksm restore`` as ``<test database>_restored``."""
    name = odoo_db + "_restored"
    drop_database(name)  # left by an earlier run
    result = ksm_command("restore", backup_during_portal_work["folder"], "--db", name)
    assert result.returncode == 0, result.stdout + result.stderr
    backup_during_portal_work["restore_output"] = result.stdout
    return name


class ProxiedLayout:
    """The running layout and logged-in HTTPS sessions on it."""

    def __init__(self, layout):
        self.layout = layout
        self.sessions = []

    def browser(self, login=None, password=None):
        session = Browser(self.layout.url, db=self.layout.dbname, ca=self.layout.cert)
        if login:
            session.login(login, password or login)
        self.sessions.append(session)
        return session

    def close(self):
        for session in self.sessions:
            session.close()


def layout_on_free_ports(home, dbname, nodes=2, workers=2, **options):
    """A Layout of ``nodes`` nodes on free loopback ports, its files in ``home``."""
    return Layout(str(home), dbname,
                  [Node(n + 1, free_port(), free_port(), cron=n == 0) for n in range(nodes)],
                  workers=workers, https_port=free_port(), http_port=free_port(), **options)


@pytest.fixture(scope="session")
def production_layout(restored_db, ops_dir):
    layout = layout_on_free_ports(ops_dir / "prod", restored_db)
    layout.start()
    proxied = ProxiedLayout(layout)
    yield proxied
    proxied.close()
    layout.stop(timeout=0)  # no request to wait for
