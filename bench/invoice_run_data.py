"""Many Träger with service sheets in force, for the invoice run benchmark and the
server tests of tests/test_invoice_run_server.py.

``build(env, traeger, lines, year)`` creates, in the database of ``env``:

* ``lines`` yearly catalogue services of categories running operation and maintenance
  of specialised applications, priced for ``year``, not taxable (§ 2b UStG) on the
  income account SKR03 8200 (so that Odoo's own onchanges choose the same tax and
  account as the invoice run: every variant of the benchmark makes the same invoices);
* ``traeger`` Träger ("Bench-Träger 0001", ...) with a valid Leitweg-ID, address and
  e-mail, each with an administration service sheet of ``year`` in force that holds
  every service with its own quantity.

The sheets are put in force directly (state "active"): the workflow (council,
signature) is not what is measured. Runs with ``env.cr`` and commits nothing itself.
"""
from odoo.addons.l10n_de_xrechnung.tools import leitweg_check_digits

PREFIX = "Bench-Träger"


def _company_ready_for_einvoices(env, company):
    """The seller data every XRechnung needs (the demo data has them already)."""
    if company.einvoice_bank_id and company.document_contact_id:
        return
    bank = env["res.partner.bank"].create({
        "acc_number": "DE02120300000000202051", "partner_id": company.partner_id.id})
    contact = env["res.partner"].create({
        "name": "KSM Finanzbuchhaltung", "parent_id": company.partner_id.id,
        "type": "invoice", "phone": "+49 385 30031-250", "email": "rechnung@ksm-mv.de"})
    company.write({
        "company_registry": company.company_registry or "Amtsgericht Schwerin HRA 4711",
        "einvoice_email": "rechnung@ksm-mv.de",
        "document_contact_id": contact.id,
        "einvoice_bank_id": bank.id,
        "einvoice_untaxed_line_tax_id": env.ref("l10n_de_xrechnung.tax_not_taxable_2b").id,
    })


def build(env, traeger=300, lines=20, year=2024, start=1):
    """Create the services and ``traeger`` Träger with one sheet each.

    :param start: number of the first Träger (several builds in one database)
    :returns: the sheets (``ksm.service.sheet``)
    """
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                           mail_create_nosubscribe=True, lang="de_DE"))
    company = env.ref("base.main_company")
    _company_ready_for_einvoices(env, company)
    tax = env.ref("l10n_de_xrechnung.tax_not_taxable_2b")
    revenue = env["account.account"].search([("code", "=", "8200"),
                                             ("company_id", "=", company.id)])
    unit = env.ref("ksm_services.product_uom_workplace")
    categories = ("operation", "application_maintenance")
    services = []
    for number in range(1, lines + 1):
        code = "BENCH-%d-%02d" % (year, number)
        service = env["product.product"].search([("default_code", "=", code)])
        if not service:
            service = env["product.product"].create({
                "name": "Leistung %02d (Benchmark)" % number, "default_code": code,
                "type": "service", "ksm_is_catalogue": True,
                "ksm_category": categories[number % 2], "ksm_billing_rhythm": "yearly",
                "uom_id": unit.id, "uom_po_id": unit.id,
                "taxes_id": [(6, 0, tax.ids)], "property_account_income_id": revenue.id,
                "ksm_price_ids": [(0, 0, {"year": year, "price": 120.0 + 7.35 * number})],
            })
        services.append(service)
    germany = env.ref("base.de")
    sheets = env["ksm.service.sheet"]
    for number in range(start, start + traeger):
        fine = "B%04d" % number
        partner = env["res.partner"].create({
            "name": "%s %04d" % (PREFIX, number), "is_company": True, "customer": True,
            "ksm_is_traeger": True, "lang": "de_DE", "street": "Markt %d" % number,
            "zip": "19%03d" % (number % 1000), "city": "Benchhausen", "country_id": germany.id,
            "email": "rechnung-%04d@bench.example" % number,
            "leitweg_id": "13076%03d-%s-%s" % (number % 1000, fine, leitweg_check_digits(
                "13076%03d" % (number % 1000), fine)),
        })
        sheet = sheets.create({
            "partner_id": partner.id, "year": year, "scope": "administration",
            "line_ids": [(0, 0, {"product_id": service.id, "sequence": index,
                                 "quantity": 1 + (number + index) % 40})
                         for index, service in enumerate(services, 1)],
        })
        sheet._set_state("active")  # synthetic data in force, as demo data
        sheets |= sheet
    return sheets


def build_contracts(env, sheets):
    """One OCA contract (``contract`` 11.0) per sheet with the same lines, invoicing
    yearly from the sheet's first day: the contracts make the same invoices as the run."""
    env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True,
                           mail_create_nosubscribe=True))
    journal = env["account.journal"].search([("type", "=", "sale")], limit=1)
    contracts = env["account.analytic.account"]
    for sheet in sheets:
        contracts |= contracts.create({
            "name": "Vertrag %s" % sheet.partner_id.name,
            "partner_id": sheet.partner_id.id,
            "recurring_invoices": True,
            "recurring_rule_type": "yearly",
            "recurring_interval": 1,
            "date_start": sheet.date_from,
            "recurring_next_date": sheet.date_from,
            "journal_id": journal.id,
            "recurring_invoice_line_ids": [(0, 0, {
                "product_id": line.product_id.id, "name": line.name,
                "quantity": line.quantity, "uom_id": line.uom_id.id,
                "specific_price": line.price_unit, "sequence": line.sequence})
                for line in sheet.line_ids],
        })
    return contracts
