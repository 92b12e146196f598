#!/usr/bin/env python3
"""Benchmark: the project's PDF reports printed by report_chromium against Debian's
wkhtmltopdf (Odoo's own ``_run_wkhtmltopdf``), on the same records.

    .venv/bin/python bench/reports.py [--rounds 5] [--db ksm_bench_reports]

Copies the test database (``$KSM_TEST_DB``, built by ``pytest tests/odoo_modules.txt``)
to ``--db`` and prints, in one process, every report of the ksm modules for a few of its
records with each engine: the invoice (Odoo's, DIN 5008 layout), the service sheet, the
council annex, the cost allocation statement, the true-up and the replacement plan.
wkhtmltopdf loads the reports' stylesheets over HTTP, as in production: an Odoo server
runs on the copy for it (``report.url``); Chromium takes them from the database.

The engines take turns record by record, so that both meet the same load. Each print
is ``render_qweb_pdf`` as a user's download runs it (QWeb, then the engine); the figure
is the median over the rounds. The first print with Chromium (the browser starting) is
given apart. It also counts the pages with "Seite x von y" of each PDF: wkhtmltopdf
built without patched Qt (Debian's) prints no header and footer.
"""
import argparse
import io
import os
import re
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from bench.invoice_run import start_odoo  # noqa: E402
from tests.conftest import OdooServer  # noqa: E402
from tests.odoo_env import copy_database, drop_database  # noqa: E402

LOG = os.path.join(ROOT, "var", "log", "bench-reports.log")
# (label, report action, model, domain, how many records)
REPORTS = [
    ("Invoice", "account.account_invoices", "account.invoice",
     [("type", "=", "out_invoice"), ("state", "in", ("open", "paid"))], 3),
    ("Service sheet", "ksm_services.action_report_service_sheet", "ksm.service.sheet", [], 3),
    ("Council annex", "ksm_services.action_report_service_sheet_annex", "ksm.service.sheet",
     [], 3),
    ("Allocation statement", "ksm_allocation.action_report_ksm_allocation_statement",
     "ksm.allocation.line", [("pool_state", "!=", "draft")], 2),
    ("True-up", "ksm_allocation.action_report_ksm_true_up", "ksm.true.up", [], 2),
    ("Replacement plan", "ksm_schul_it.action_report_replacement_plan",
     "ksm.replacement.plan", None, 1),
]
PAGE_NUMBER = re.compile(r"Seite \d+ von \d+")


def numbered_pages(pdf):
    import pypdf
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return (sum(1 for page in reader.pages if PAGE_NUMBER.search(page.extract_text() or "")),
            len(reader.pages))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--db", default="ksm_bench_reports")
    args = parser.parse_args()
    source = os.environ.get("KSM_TEST_DB", "ksm_test")
    copy_database(source, args.db)
    odoo = start_odoo(LOG)
    server = OdooServer(args.db, ["--workers=2", "--max-cron-threads=0"], name="bench-reports")
    try:
        results = measure(odoo, args.db, args.rounds)
    finally:
        server.stop()
        odoo.modules.registry.Registry.delete(args.db)
        odoo.sql_db.close_db(args.db)
        drop_database(args.db)
    print_results(results, args.rounds)


def measure(odoo, dbname, rounds):
    from odoo.addons.base.ir.ir_actions_report import IrActionsReport as OdooReport
    from odoo.addons.report_chromium.tools import chromium
    registry = odoo.registry(dbname)
    Model = registry["ir.actions.report"]
    engines = {"chromium": Model._run_wkhtmltopdf,
               "wkhtmltopdf": OdooReport._run_wkhtmltopdf}
    results = {}
    with odoo.api.Environment.manage(), registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "de_DE"})
        env["ir.attachment"].search([("res_model", "=", "account.invoice"),
                                     ("name", "=like", "%.pdf")]).unlink()
        for report in env["ir.actions.report"].search([("attachment_use", "=", True)]):
            report.attachment_use = False  # print every time, not the stored copy
        started = time.time()
        Model._run_wkhtmltopdf = engines["chromium"]
        first = [label for label in REPORTS if label[0] == "Service sheet"][0]
        env.ref(first[1]).render_qweb_pdf(env[first[2]].search(first[3], limit=1).ids)
        cold = time.time() - started
        for label, xmlid, model, domain, count in REPORTS:
            report = env.ref(xmlid)
            if domain is None:
                records = env[model].create({"reference_date": "2022-01-01"})
            else:
                records = env[model].search(domain, limit=count)
            for engine in engines:
                results.setdefault((label, engine), {"times": [], "pages": (0, 0)})
            for _round in range(rounds):
                for record in records:
                    for engine, method in engines.items():
                        Model._run_wkhtmltopdf = method
                        started = time.time()
                        pdf = report.render_qweb_pdf(record.ids)[0]
                        elapsed = time.time() - started
                        entry = results[(label, engine)]
                        entry["times"].append(elapsed)
                        numbered, pages = numbered_pages(pdf)
                        entry["pages"] = (entry["pages"][0] + numbered, entry["pages"][1] + pages)
        Model._run_wkhtmltopdf = engines["chromium"]
        cr.rollback()
    chromium.shutdown()
    results["cold"] = cold
    return results


def print_results(results, rounds):
    load = os.getloadavg()
    print("\nChromium's first print (browser start included): %.2f s" % results.pop("cold"))
    print("Load average at the end: %.1f %.1f %.1f; %d rounds\n" % (load + (rounds,)))
    print("| report | prints | Chromium median s | wkhtmltopdf median s | ratio | "
          "pages with 'Seite x von y' (Chromium / wkhtmltopdf) |")
    print("|---|---:|---:|---:|---:|---|")
    totals = {"chromium": 0.0, "wkhtmltopdf": 0.0}
    for label, _xmlid, _model, _domain, _count in REPORTS:
        ours, theirs = results[(label, "chromium")], results[(label, "wkhtmltopdf")]
        for engine in totals:
            totals[engine] += sum(results[(label, engine)]["times"])
        median_ours = statistics.median(ours["times"])
        median_theirs = statistics.median(theirs["times"])
        print("| %s | %d | %.2f | %.2f | %.2fx | %d of %d / %d of %d |" % (
            label, len(ours["times"]), median_ours, median_theirs,
            median_theirs / median_ours, ours["pages"][0], ours["pages"][1],
            theirs["pages"][0], theirs["pages"][1]))
    print("| all | | %.1f total | %.1f total | %.2fx | |" % (
        totals["chromium"], totals["wkhtmltopdf"], totals["wkhtmltopdf"] / totals["chromium"]))


if __name__ == "__main__":
    main()
