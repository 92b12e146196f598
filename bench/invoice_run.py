#!/usr/bin/env python3
"""Benchmark of the invoice run against the naive loop and OCA ``contract`` 11.0.

    .venv/bin/python bench/invoice_run.py [--traeger 300] [--lines 20] [--baseline-traeger 50]

Builds a database ``ksm_bench`` (a copy of the test template with the ksm modules and
OCA ``contract``), creates N Träger with a service sheet of M yearly services each
(bench/invoice_run_data.py) and, for every Träger, an OCA contract with the same lines.
Then each variant runs on a fresh copy of that database, so all start from the same
data with cold caches, and makes the same N invoices of M lines (not taxable, § 2b
UStG, analytic account per Träger):

* ``ours``: the year's invoice run, invoices validated (number, move, XRechnung);
* ``ours-draft``: the same run leaving the invoices as drafts;
* ``naive``: per Träger ``account.invoice.create`` (with its partner onchange), per line
  ``account.invoice.line.new`` + ``_onchange_product_id`` + ``create``, then
  ``compute_taxes`` and ``action_invoice_open``; a commit per Träger, as the run does;
* ``contract``: OCA ``contract`` 11.0 ``recurring_create_invoice`` on the N contracts
  (its invoices stay drafts; one transaction);
* ``orm-draft``: the draft run, but each invoice made by Odoo's own ``create`` with all
  its lines as ``(0, 0, values)`` and ``compute_taxes``, instead of
  ``tools/batch_create.py`` (whether the ORM can do the batch's work).

The naive loop and OCA contract take seconds per invoice; to keep the benchmark within
a quarter of an hour they invoice the first ``--baseline-traeger`` Träger (default 50)
of the same data; the invoice run invoices all N (its rate does not depend on N, see
BENCHMARKS.md).

It prints invoices per second and SQL queries per invoice (``cursor.sql_log_count`` of
the variant's cursor; the run's lock connection adds 4 queries per run) side by side
with the ratios ours / naive (both validated) and ours-draft / contract (both drafts),
and checks that the variants made the same invoices for the Träger they share.
"""
import argparse
import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.odoo_env import (KSM_MODULES, base_template, copy_database,  # noqa: E402
                            drop_database, odoo_command)

VARIANTS = ("ours", "naive", "ours-draft", "contract", "orm-draft")
LABELS = {
    "ours": "invoice run, validated",
    "naive": "naive loop, validated",
    "ours-draft": "invoice run, drafts",
    "contract": "OCA contract 11.0, drafts",
    "orm-draft": "run, lines by ORM, drafts",
}
LOG = os.path.join(ROOT, "var", "log", "bench-invoice-run.log")


def start_odoo(log=LOG):
    """Odoo with the project's Python 3.11 mending and configuration (bin/ksm-odoo),
    logging to ``log``."""
    loader = importlib.machinery.SourceFileLoader(
        "ksm_odoo_launcher", os.path.join(ROOT, "bin", "ksm-odoo"))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    launcher = importlib.util.module_from_spec(spec)
    loader.exec_module(launcher)
    launcher.odoo_py311.apply_stdlib()
    import odoo
    launcher.odoo_py311.apply_odoo()
    odoo.tools.config.parse_config(launcher.odoo_arguments([
        "--log-level=warn", "--logfile", log, "--max-cron-threads=0", "--workers=0"]))
    return odoo


def close(odoo, dbname):
    odoo.modules.registry.Registry.delete(dbname)
    odoo.sql_db.close_db(dbname)


def prepare(odoo, dbname, traeger, lines, year):
    """The benchmark database with its data, built from the test template."""
    started = time.time()
    copy_database(base_template(LOG.replace(".log", "-base.log")), dbname)
    subprocess.check_call(odoo_command([
        "-d", dbname, "-i", ",".join(KSM_MODULES + ["contract"]), "--stop-after-init",
        "--logfile", LOG, "--log-level=warn", "--max-cron-threads=0", "--workers=0"]),
        cwd=ROOT)
    registry = odoo.registry(dbname)
    from bench import invoice_run_data  # imports ksm_membership: after the registry
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        sheets = invoice_run_data.build(env, traeger, lines, year)
        invoice_run_data.build_contracts(env, sheets)
    close(odoo, dbname)
    print("Built %s: %d Träger x %d services in %.0f s" % (
        dbname, traeger, lines, time.time() - started), flush=True)


def run_ours(env, year, validate):
    company = env.ref("base.main_company")
    run = env["ksm.invoice.run"]._find_or_create(
        company, "year", year, 1, "%d-01-15" % year, validate)
    env.cr.commit()
    run._run_locked()  # what the run's background job does
    return run.invoice_ids


def lines_by_orm_create(env):
    """Make the run create each invoice with Odoo's ``create``, its lines as commands."""
    def _create_invoice_with_lines(self, invoice_values, line_values):
        invoice = self.env["account.invoice"].create(dict(
            invoice_values, invoice_line_ids=[(0, 0, values) for values in line_values]))
        invoice.compute_taxes()
        return invoice, invoice.invoice_line_ids
    type(env["ksm.invoice.run"])._create_invoice_with_lines = _create_invoice_with_lines


def bench_partners(env, count):
    """The first ``count`` Träger of the benchmark data."""
    return env["res.partner"].search([("name", "like", "Bench-Träger %")], order="name",
                                     limit=count)


def run_naive(env, year, partners):
    Invoice = env["account.invoice"]
    Line = env["account.invoice.line"]
    sheets = env["ksm.service.sheet"].search([
        ("year", "=", year), ("state", "=", "active"), ("partner_id", "in", partners.ids)])
    invoices = Invoice
    for sheet in sheets:
        partner = sheet.partner_id
        analytic = partner._ksm_analytic_account(sheet.company_id)
        invoice = Invoice.create({
            "partner_id": partner.id, "type": "out_invoice",
            "date_invoice": "%d-01-15" % year, "origin": sheet.name})
        for line in sheet.line_ids:
            new_line = Line.new({"invoice_id": invoice.id, "product_id": line.product_id.id,
                                 "quantity": line.quantity})
            new_line._onchange_product_id()
            values = new_line._convert_to_write(new_line._cache)
            values.update(price_unit=line.price_unit, account_analytic_id=analytic.id,
                          start_date=line.date_from, end_date=line.date_to)
            Line.create(values)
        invoice.compute_taxes()
        invoice.action_invoice_open()
        env.cr.commit()
        invoices |= invoice
    return invoices


def run_contract(env, partners):
    contracts = env["account.analytic.account"].search([
        ("recurring_invoices", "=", True), ("partner_id", "in", partners.ids)])
    invoices = contracts.recurring_create_invoice()
    env.cr.commit()
    return invoices


def measure(odoo, source, variant, year, baseline_traeger):
    dbname = "%s_%s" % (source, variant.replace("-", "_"))
    copy_database(source, dbname)
    try:
        with odoo.registry(dbname).cursor() as cr:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "de_DE"})
            partners = bench_partners(env, baseline_traeger)
            load = os.getloadavg()[0]
            queries = cr.sql_log_count
            started = time.time()
            if variant in ("ours", "ours-draft"):
                invoices = run_ours(env, year, validate=variant == "ours")
            elif variant == "orm-draft":
                lines_by_orm_create(env)
                invoices = run_ours(env, year, validate=False)
            elif variant == "naive":
                invoices = run_naive(env, year, partners)
            else:
                invoices = run_contract(env, partners)
            seconds = time.time() - started
            queries = cr.sql_log_count - queries
            result = {
                "variant": variant, "invoices": len(invoices), "seconds": seconds,
                "queries": queries, "load": (load + os.getloadavg()[0]) / 2,
                "lines": sum(len(invoice.invoice_line_ids) for invoice in invoices),
                "total": round(sum(invoices.mapped("amount_total")), 2),
                "states": sorted(set(invoices.mapped("state"))),
                "by_partner": {invoice.partner_id.name: invoice.amount_total
                               for invoice in invoices},
            }
    finally:
        close(odoo, dbname)
        drop_database(dbname)
    result["per_second"] = result["invoices"] / result["seconds"]
    result["per_invoice"] = result["queries"] / float(result["invoices"] or 1)
    print("%-28s %5d invoices (%d lines, %s, total %.2f) in %.1f s, load %.1f" % (
        LABELS[variant], result["invoices"], result["lines"], "/".join(result["states"]),
        result["total"], result["seconds"], result["load"]), flush=True)
    return result


def report(results, traeger, lines):
    print("\nInvoice run benchmark: %d Träger x %d services, one invoice each\n"
          % (traeger, lines))
    print("%-28s %9s %9s %11s %16s %6s" % ("variant", "invoices", "seconds", "invoices/s",
                                           "queries/invoice", "load"))
    for result in results.values():
        print("%-28s %9d %9.1f %11.2f %16.0f %6.1f" % (
            LABELS[result["variant"]], result["invoices"], result["seconds"],
            result["per_second"], result["per_invoice"], result["load"]))
    print()
    for ours, other in (("ours", "naive"), ("ours-draft", "contract"), ("ours", "contract"),
                        ("ours-draft", "orm-draft")):
        if ours in results and other in results:
            print("%-28s vs %-28s %6.2fx invoices/s, %6.2fx fewer queries" % (
                LABELS[ours], LABELS[other],
                results[ours]["per_second"] / results[other]["per_second"],
                results[other]["per_invoice"] / results[ours]["per_invoice"]))
    shared = set.intersection(*(set(result["by_partner"]) for result in results.values()))
    differing = sorted(partner for partner in shared if len({
        round(result["by_partner"][partner], 2) for result in results.values()}) > 1)
    print("\nSame invoices in every variant for the %d Träger they share: %s" % (
        len(shared), "yes" if not differing else "NO: %s" % ", ".join(differing)))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--traeger", type=int, default=300, help="number of Träger")
    parser.add_argument("--lines", type=int, default=20, help="services per sheet")
    parser.add_argument("--baseline-traeger", type=int, default=50,
                        help="Träger invoiced by the naive loop and OCA contract")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--variants", default=",".join(VARIANTS),
                        help="comma-separated, of: %s" % ", ".join(VARIANTS))
    parser.add_argument("--db", default="ksm_bench", help="benchmark database (replaced)")
    parser.add_argument("--reuse", action="store_true",
                        help="use the benchmark database of an earlier call as it is")
    args = parser.parse_args()
    variants = [variant for variant in args.variants.split(",") if variant]
    unknown = set(variants) - set(VARIANTS)
    if unknown:
        parser.error("unknown variants: %s" % ", ".join(sorted(unknown)))
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    odoo = start_odoo()
    with odoo.api.Environment.manage():
        if not args.reuse:
            prepare(odoo, args.db, args.traeger, args.lines, args.year)
        results = {variant: measure(odoo, args.db, variant, args.year,
                                    min(args.baseline_traeger, args.traeger))
                   for variant in variants}
    report(results, args.traeger, args.lines)


if __name__ == "__main__":
    main()
