"""Invoice runs against a real server process: killed mid-run, and started twice at once.

The tests use a database of their own (the test database's name + ``_run``: the ksm
modules with demo data, plus Träger with sheets built by bench/invoice_run_data.py),
so that the runs, the killed server and the Träger they add touch no other test.

* background: starting a run over JSON-RPC returns at once with the run queued; the
  server's cron worker runs it (within a minute: Odoo polls its crons every 60 s).
* kill -9: when some but not all Träger are invoiced, the server process is killed.
  What was committed is complete (each invoiced Träger has its invoices and register
  rows, the others have nothing); after a restart the job runner picks the run up again
  by itself and invoices the rest, nothing twice.
* concurrency: on a server with two worker processes, two users start the same period
  at the same moment; one run is queued and done by the cron worker, the other is
  refused with the German message and creates nothing.
"""
import io
import os
import subprocess
import threading
import time

import pypdf
import pytest

from .conftest import Browser, OdooServer
from .odoo_env import KSM_MODULES, ROOT, base_template, connect, copy_database, odoo_command
from .odoo_suite import test_database as database_name

KILL_YEAR, KILL_TRAEGER = 2023, 20
RACE_YEAR, RACE_TRAEGER = 2020, 20  # years without demo sheets
LINES = 8
LOG_DIR = os.path.join(ROOT, "var", "log")

BUILD_SCRIPT = """
import sys
sys.path.insert(0, %(root)r)
from bench import invoice_run_data
invoice_run_data.build(env, traeger=%(kill_traeger)d, lines=%(lines)d, year=%(kill_year)d)
invoice_run_data.build(env, traeger=%(race_traeger)d, lines=%(lines)d, year=%(race_year)d,
                       start=1001)
env.cr.commit()
"""


@pytest.fixture(scope="module")
def run_db():
    """A database of the ksm modules with the Träger of both tests."""
    dbname = database_name() + "_run"
    log = os.path.join(LOG_DIR, "test-invoice-run-install.log")
    copy_database(base_template(log.replace(".log", "-base.log")), dbname)
    subprocess.check_call(odoo_command([
        "-d", dbname, "-i", ",".join(KSM_MODULES), "--stop-after-init", "--logfile", log,
        "--max-cron-threads=0", "--workers=0"]), cwd=ROOT)
    script = BUILD_SCRIPT % {"root": ROOT, "kill_traeger": KILL_TRAEGER, "lines": LINES,
                             "kill_year": KILL_YEAR, "race_traeger": RACE_TRAEGER,
                             "race_year": RACE_YEAR}
    subprocess.run(odoo_command(["shell", "-d", dbname, "--logfile", log,
                                 "--max-cron-threads=0", "--workers=0"]),
                   input=script.encode(), cwd=ROOT, check=True)
    return dbname


class Session(Browser):
    """A logged-in JSON-RPC session on the run database, working in German."""

    def __init__(self, server, login="admin", password="admin"):
        super().__init__(server.url)
        token = self.csrf_token("/web/login")
        self.post(self.url("/web/login"), data={
            "login": login, "password": password, "csrf_token": token,
            "db": server.dbname})
        assert self.json_rpc("/web/session/get_session_info", {})["result"]["uid"]

    def call(self, model, method, args, **kwargs):
        kwargs.setdefault("context", {"lang": "de_DE", "tz": "Europe/Berlin"})
        return self.call_kw(model, method, args, kwargs)

    def preview_run(self, year, validate):
        """The wizard of a year's run, showing its preview."""
        wizard = self.call("ksm.invoice.run.wizard", "create", [{
            "period_type": "year", "year": year, "date_invoice": "%d-01-20" % year,
            "auto_validate": validate}])
        self.call("ksm.invoice.run.wizard", "action_preview", [[wizard]])
        return wizard

    def start_run(self, wizard):
        """Start the run of the wizard (the call returns with the run queued)."""
        return self.call("ksm.invoice.run.wizard", "action_start", [[wizard]])["res_id"]


def wait_for(condition, timeout=300, what="the background job"):
    """Poll ``condition`` until it returns something true (the cron worker works on a
    minute's rhythm)."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("%s did not happen within %d s" % (what, timeout))


def job_of(dbname, run_id, method):
    rows = query(dbname, "SELECT state, attempt_count FROM background_job WHERE "
                         "model_name = 'ksm.invoice.run' AND res_id = %s AND method_name = %s "
                         "ORDER BY id DESC LIMIT 1", [run_id, method])
    return rows[0] if rows else (None, None)


def query(dbname, sql, params=()):
    conn = connect(dbname)
    try:
        with conn, conn.cursor() as cr:
            cr.execute(sql, params)
            return cr.fetchall()
    finally:
        conn.close()


def run_of(dbname, year):
    rows = query(dbname, "SELECT id, state FROM ksm_invoice_run WHERE period_type = 'year' "
                         "AND date_start = %s", ["%d-01-01" % year])
    return rows[0] if rows else (None, None)


def partner_states(dbname, run_id):
    return dict(query(dbname, "SELECT state, count(*) FROM ksm_invoice_run_partner "
                              "WHERE run_id = %s GROUP BY state", [run_id]))


def assert_invoiced_once(dbname, year, traeger):
    """Every Träger of the year has one invoice; no service period is registered twice;
    the invoices add up to the sheets."""
    per_sheet = query(dbname, """
        SELECT sheet.id, count(DISTINCT invoice.id), sheet.amount_total,
               coalesce(sum(invoice.amount_total), 0)
          FROM ksm_service_sheet sheet
          LEFT JOIN account_invoice invoice ON invoice.ksm_service_sheet_id = sheet.id
                                           AND invoice.state != 'cancel'
         WHERE sheet.year = %s
         GROUP BY sheet.id""", [year])
    assert len(per_sheet) == traeger
    for sheet_id, invoices, sheet_total, invoiced in per_sheet:
        assert invoices == 1, "sheet %s has %s invoices" % (sheet_id, invoices)
        assert round(float(invoiced), 2) == round(float(sheet_total), 2), sheet_id
    duplicates = query(dbname, """
        SELECT item.sheet_line_id, item.period_start, count(*)
          FROM ksm_invoice_run_item item JOIN ksm_service_sheet sheet ON sheet.id = item.sheet_id
         WHERE sheet.year = %s
         GROUP BY item.sheet_line_id, item.period_start, item.period_end HAVING count(*) > 1
    """, [year])
    assert duplicates == []
    lines_without_item = query(dbname, """
        SELECT count(*) FROM account_invoice_line line
          JOIN ksm_service_sheet sheet ON sheet.id = line.ksm_sheet_id
         WHERE sheet.year = %s AND NOT EXISTS (
               SELECT 1 FROM ksm_invoice_run_item item WHERE item.invoice_line_id = line.id)
    """, [year])
    assert lines_without_item == [(0,)]


def test_a_run_killed_mid_way_loses_nothing_and_is_completed(run_db):
    server = OdooServer(run_db, ["--workers=0", "--max-cron-threads=1"], name="invoice-run")
    try:
        admin = Session(server)
        wizard = admin.preview_run(KILL_YEAR, validate=True)
        run_id = admin.start_run(wizard)
        # the request has returned; the run waits for the cron worker
        assert run_of(run_db, KILL_YEAR) == (run_id, "queued")
        assert partner_states(run_db, run_id) == {}
        assert job_of(run_db, run_id, "_run_locked") == ("queued", 0)
        done = wait_for(lambda: partner_states(run_db, run_id).get("done", 0) >= 3
                        and partner_states(run_db, run_id)["done"], what="3 Träger invoiced")
        server.process.kill()  # kill -9, in the middle of the run
        server.process.wait()
    finally:
        server.stop()
    assert 3 <= done < KILL_TRAEGER

    run_id, state = run_of(run_db, KILL_YEAR)
    assert state == "running"
    assert job_of(run_db, run_id, "_run_locked") == ("running", 1)
    states = partner_states(run_db, run_id)
    assert states.get("pending", 0) > 0
    assert states.get("done", 0) + states.get("pending", 0) == KILL_TRAEGER
    # what is committed is complete: invoices only, and all, of the Träger marked done
    invoices_per_state = dict(query(run_db, """
        SELECT line.state, count(invoice.id)
          FROM ksm_invoice_run_partner line
          LEFT JOIN account_invoice invoice ON invoice.ksm_invoice_run_partner_id = line.id
         WHERE line.run_id = %s GROUP BY line.state""", [run_id]))
    assert invoices_per_state["done"] == states["done"]
    assert invoices_per_state["pending"] == 0
    assert query(run_db, "SELECT count(*) FROM account_invoice WHERE ksm_invoice_run_id = %s "
                         "AND state != 'open'", [run_id]) == [(0,)]

    server = OdooServer(run_db, ["--workers=0", "--max-cron-threads=1"], name="invoice-run")
    try:
        admin = Session(server)
        run = admin.call("ksm.invoice.run", "read", [[run_id], ["is_interrupted", "state"]])[0]
        # not interrupted for the user: its job is still there and will resume it
        assert (run["is_interrupted"], run["state"]) == (False, "running")
        wait_for(lambda: run_of(run_db, KILL_YEAR)[1] == "done", what="the resumed run")
        assert job_of(run_db, run_id, "_run_locked") == ("done", 2)
        run = admin.call("ksm.invoice.run", "read", [[run_id], [
            "state", "processed_count", "traeger_count", "invoice_count"]])[0]
        assert (run["state"], run["processed_count"], run["traeger_count"],
                run["invoice_count"]) == ("done", KILL_TRAEGER, KILL_TRAEGER, KILL_TRAEGER)
        assert_invoiced_once(run_db, KILL_YEAR, KILL_TRAEGER)

        # e-mail on demand: each invoice queued with its PDF (a real one: the server
        # renders with wkhtmltopdf) and its XRechnung
        admin.call("ksm.invoice.run", "action_send_invoices", [[run_id]])
        wait_for(lambda: job_of(run_db, run_id, "_send_invoices")[0] == "done",
                 what="sending the invoices")
        mails = query(run_db, """
            SELECT mail.id, invoice.number, mail.state
              FROM mail_mail mail
              JOIN mail_message message ON message.id = mail.mail_message_id
              JOIN account_invoice invoice ON invoice.id = message.res_id
             WHERE message.model = 'account.invoice' AND invoice.ksm_invoice_run_id = %s
        """, [run_id])
        assert len(mails) == KILL_TRAEGER
        assert {state for __, __, state in mails} == {"outgoing"}
        mail_id, number, __ = mails[0]
        files = query(run_db, """
            SELECT attachment.datas_fname, attachment.id FROM ir_attachment attachment
              JOIN message_attachment_rel rel ON rel.attachment_id = attachment.id
              JOIN mail_mail mail ON mail.mail_message_id = rel.message_id
             WHERE mail.id = %s""", [mail_id])
        names = sorted(name for name, __ in files)
        assert any(name.endswith("-xrechnung.xml") for name in names), names
        pdf_id = [attachment for name, attachment in files if name.endswith(".pdf")]
        assert pdf_id, names
        pdf = admin.get(admin.url("/web/content/%d?download=true" % pdf_id[0])).content
        text = " ".join(" ".join(page.extract_text() for page in
                                 pypdf.PdfReader(io.BytesIO(pdf)).pages).split())
        assert number in text
        assert "§ 2b UStG" in text
    finally:
        server.stop()


def test_a_second_run_started_at_the_same_time_is_refused(run_db):
    server = OdooServer(run_db, ["--workers=2", "--max-cron-threads=1"],
                        name="invoice-run-workers")
    try:
        sessions = [Session(server), Session(server)]
        wizards = [session.preview_run(RACE_YEAR, False) for session in sessions]
        barrier = threading.Barrier(2)
        results = [None, None]

        def start(index):
            barrier.wait()
            try:
                results[index] = ("started", sessions[index].start_run(wizards[index]))
            except RuntimeError as error:
                results[index] = ("refused", str(error))

        callers = [threading.Thread(target=start, args=(index,)) for index in (0, 1)]
        for caller in callers:
            caller.start()
        for caller in callers:
            caller.join(600)
        run_id, state = run_of(run_db, RACE_YEAR)
        assert state == "queued"
        wait_for(lambda: run_of(run_db, RACE_YEAR)[1] == "done",
                 what="the run in the cron worker")
    finally:
        server.stop()
    outcomes = sorted(results)
    assert [kind for kind, __ in outcomes] == ["refused", "started"], outcomes
    message = outcomes[0][1]
    assert "läuft bereits" in message and "es wurde nichts angelegt" in message, message
    assert query(run_db, "SELECT count(*) FROM ksm_invoice_run WHERE period_type = 'year' "
                         "AND date_start = %s", ["%d-01-01" % RACE_YEAR]) == [(1,)]
    run_id, state = run_of(run_db, RACE_YEAR)
    assert state == "done"
    assert partner_states(run_db, run_id) == {"done": RACE_TRAEGER}
    assert_invoiced_once(run_db, RACE_YEAR, RACE_TRAEGER)
