"""Invoice runs against a real server process: killed mid-run, and started twice at once.

The tests use a database of their own (the test database's name + ``_run``: the ksm
modules with demo data, plus Träger with sheets built by bench/invoice_run_data.py),
so that the runs, the killed server and the Träger they add touch no other test.

* kill -9: a run is started over JSON-RPC; when some but not all Träger are invoiced,
  the server process is killed. What was committed is complete (each invoiced Träger
  has its invoices and register rows, the others have nothing); after a restart the
  run shows as interrupted and continuing it invoices the rest, nothing twice.
* concurrency: on a server with two worker processes, two users start the same period
  at the same moment; one run works, the other is refused with the German message and
  creates nothing.
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
        """Start the run of the wizard (the call returns when the run is done)."""
        return self.call("ksm.invoice.run.wizard", "action_start", [[wizard]])["res_id"]


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
    server = OdooServer(run_db, ["--workers=0", "--max-cron-threads=0"], name="invoice-run")
    try:
        admin = Session(server)
        wizard = admin.preview_run(KILL_YEAR, validate=True)
        outcome = {}

        def start():
            try:
                outcome["run"] = admin.start_run(wizard)
            except Exception as error:  # the server dies under the request
                outcome["error"] = error

        caller = threading.Thread(target=start)
        caller.start()
        deadline = time.time() + 600
        done = 0
        while time.time() < deadline:
            run_id, __ = run_of(run_db, KILL_YEAR)
            done = partner_states(run_db, run_id).get("done", 0) if run_id else 0
            if done >= 3:
                break
            time.sleep(0.1)
        server.process.kill()  # kill -9, in the middle of the run
        server.process.wait()
        caller.join(60)
    finally:
        server.stop()
    assert "run" not in outcome, "the run finished before the server was killed"
    assert 3 <= done < KILL_TRAEGER

    run_id, state = run_of(run_db, KILL_YEAR)
    assert state == "running"
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

    server = OdooServer(run_db, ["--workers=0", "--max-cron-threads=0"], name="invoice-run")
    try:
        admin = Session(server)
        run = admin.call("ksm.invoice.run", "read", [[run_id], ["is_interrupted", "state"]])[0]
        assert (run["is_interrupted"], run["state"]) == (True, "running")
        admin.call("ksm.invoice.run", "action_start", [[run_id]])  # "Fortsetzen"
        run = admin.call("ksm.invoice.run", "read", [[run_id], [
            "state", "processed_count", "traeger_count", "invoice_count"]])[0]
        assert (run["state"], run["processed_count"], run["traeger_count"],
                run["invoice_count"]) == ("done", KILL_TRAEGER, KILL_TRAEGER, KILL_TRAEGER)
        assert_invoiced_once(run_db, KILL_YEAR, KILL_TRAEGER)

        # e-mail on demand: each invoice queued with its PDF (a real one: the server
        # renders with wkhtmltopdf) and its XRechnung
        admin.call("ksm.invoice.run", "action_send_invoices", [[run_id]])
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
    server = OdooServer(run_db, ["--workers=2", "--max-cron-threads=0"],
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
