#!/usr/bin/env python3
"""A vanilla Odoo database of the same size for the benchmark user: Odoo's own portal
pages measured without the ksm modules.

    .venv/bin/python bench/vanilla_data.py --invoices 79 --tickets 787 --db ksm_bench_small_vanilla

The database is a copy of the project's template (``tests/odoo_env.base_template``: the
Odoo and OCA modules the ksm modules depend on, German, no demo data) without any ksm or
other module of this repository. On it: a municipality ``Gemeinde Vanilla`` with the
portal user ``vanilla`` (password ``vanilla``, German), ``--invoices`` validated customer
invoices of one line each that it follows (Odoo's portal lists the invoices a customer
follows), and ``--tickets`` helpdesk tickets it reported and follows (helpdesk_mgmt's
portal lists the tickets of the user's partner that it may read: those it follows). bench/pages.py passes the numbers the benchmark user
sees on its own database.
"""
import argparse
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.odoo_env import (base_template, copy_database, database_exists,  # noqa: E402
                            drop_database, odoo_command)

LOGIN = "vanilla"
LOG = os.path.join(ROOT, "var", "log", "bench-vanilla.log")

BUILD = """
partner = env["res.partner"].create({
    "name": "Gemeinde Vanilla", "is_company": True, "lang": "de_DE",
    "email": "rathaus@vanilla.example", "street": "Markt 1", "zip": "19999",
    "city": "Vanilla", "country_id": env.ref("base.de").id})
contact = env["res.partner"].create({
    "name": "Vera Vanilla", "parent_id": partner.id, "email": "vera@vanilla.example",
    "lang": "de_DE"})
env["res.users"].with_context(no_reset_password=True).create({
    "name": contact.name, "login": %(login)r, "password": %(login)r,
    "partner_id": contact.id, "lang": "de_DE", "tz": "Europe/Berlin",
    "groups_id": [(6, 0, [env.ref("base.group_portal").id])]})
company = env.user.company_id
account = env["account.account"].search([
    ("company_id", "=", company.id), ("user_type_id.type", "=", "other"),
    ("internal_type", "=", "other")], limit=1)
assert account, "no income account: the template has no chart of accounts"
Invoice = env["account.invoice"].with_context(mail_create_nolog=True, tracking_disable=True)
for number in range(%(invoices)d):
    invoice = Invoice.create({
        "partner_id": partner.id, "type": "out_invoice",
        "date_invoice": "2021-%%02d-15" %% (number %% 12 + 1),
        "invoice_line_ids": [(0, 0, {"name": "IT-Betrieb %%d" %% number, "quantity": 1,
                                     "price_unit": 100.0 + number, "account_id": account.id})]})
    invoice.action_invoice_open()
    invoice.message_subscribe([partner.id])
Ticket = env["helpdesk.ticket"].with_context(mail_create_nolog=True, tracking_disable=True)
tickets = Ticket.browse()
for number in range(%(tickets)d):
    tickets |= Ticket.create({"name": "Störung %%d" %% number,
                              "description": "Drucker %%d" %% number,
                              "partner_id": contact.id})
tickets.message_subscribe([contact.id])  # helpdesk_mgmt's portal shows followed tickets
env.cr.commit()
print("VANILLA_BUILT")
"""


def build(dbname, invoices, tickets):
    """Make ``dbname`` anew with the data; returns the seconds it took."""
    started = time.time()
    os.makedirs(os.path.dirname(LOG), exist_ok=True)
    if database_exists(dbname):
        drop_database(dbname)
    copy_database(base_template(LOG.replace(".log", "-base.log")), dbname)
    output = subprocess.run(
        odoo_command(["shell", "-d", dbname, "--no-http", "--logfile", LOG,
                      "--max-cron-threads=0", "--workers=0"]),
        input=BUILD % {"login": LOGIN, "invoices": invoices, "tickets": tickets},
        capture_output=True, text=True, cwd=ROOT, check=True).stdout
    if "VANILLA_BUILT" not in output:
        raise RuntimeError("building %s failed; see %s" % (dbname, LOG))
    return time.time() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--invoices", type=int, required=True)
    parser.add_argument("--tickets", type=int, required=True)
    args = parser.parse_args()
    seconds = build(args.db, args.invoices, args.tickets)
    print("Built %s: %d invoices, %d tickets in %.0f s" % (
        args.db, args.invoices, args.tickets, seconds))


if __name__ == "__main__":
    main()
