from odoo.addons.l10n_de_xrechnung.tools import leitweg_check_digits

from ..tools.invoice_schedule import run_period
from odoo.addons.ksm_services.tests.common import KsmServicesCase

YEAR = 2025  # no demo sheets in this year; sheets can be activated (it has begun)


class InvoiceRunCase(KsmServicesCase):
    """Two Träger with complete e-invoice data and a catalogue priced for 2025.

    Services: workplaces (yearly), a server (monthly, 1.000,00 € a year: twelve parts
    that do not divide evenly), maintenance (quarterly), a consulting share (once), an
    investment reserve and an order budget.
    """

    @classmethod
    def setUpClass(cls):
        super(InvoiceRunCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        cls.Run = cls.env["ksm.invoice.run"]
        cls.Item = cls.env["ksm.invoice.run.item"]
        cls.company = cls.env.ref("base.main_company")
        cls.tax_o = cls.env.ref("l10n_de_xrechnung.tax_not_taxable_2b")
        cls.tax_19 = cls.env["account.tax"].search([
            ("company_id", "=", cls.company.id), ("type_tax_use", "=", "sale"),
            ("description", "=", "19% USt")], limit=1)
        bank = cls.env["res.bank"].create({"name": "Testbank", "bic": "COBADEFFXXX"})
        bank_account = cls.env["res.partner.bank"].create({
            "acc_number": "DE89 3704 0044 0532 0130 00", "bank_id": bank.id,
            "partner_id": cls.company.partner_id.id})
        contact = cls.env["res.partner"].create({
            "name": "KSM Finanzbuchhaltung", "parent_id": cls.company.partner_id.id,
            "type": "invoice", "phone": "+49 385 30031-250", "email": "rechnung@ksm-mv.de"})
        cls.company.write({
            "company_registry": "Amtsgericht Schwerin HRA 4711",
            "tax_number": "090/123/45678",
            "einvoice_email": "e-rechnung@ksm-mv.de",
            "document_contact_id": contact.id,
            "einvoice_bank_id": bank_account.id,
            "einvoice_untaxed_line_tax_id": cls.tax_o.id,
        })
        for partner, fine, email in ((cls.traeger, "RE", "kaemmerei@luebtheen.example"),
                                     (cls.other_traeger, "WB", "stadt@wittenburg.example")):
            partner.write({
                "customer": True, "street": "Markt 1", "zip": "19249", "city": partner.name,
                "country_id": cls.env.ref("base.de").id, "email": email,
                "leitweg_id": "13076088-%s-%s" % (fine, leitweg_check_digits(
                    "13076088", fine))})
        cls.svc_workplace = cls._create_service(
            "Arbeitsplatz (Lauf)", "operation", "yearly", {YEAR: 1140.0})
        cls.svc_server = cls._create_service(
            "Server (Lauf)", "operation", "monthly", {YEAR: 1000.0})
        cls.svc_maintenance = cls._create_service(
            "Wartung Fachverfahren (Lauf)", "application_maintenance", "quarterly",
            {YEAR: 4380.0})
        cls.svc_consulting = cls._create_service(
            "Beratung (Lauf)", "project", "once", individual=True)
        cls.svc_reserve = cls._create_service(
            "Investitionsvorbehalt (Lauf)", "investment", "once", individual=True,
            reserve=True)
        cls.svc_order_budget = cls._create_service(
            "Auftragsbudget (Lauf)", "order_budget", "yearly", individual=True)

    def _make_taxable(self, category):
        """The category at 19 % sales tax, booked on 8400 Erlöse 19 % USt."""
        self.env.ref("ksm_billing.invoice_run_category_%s" % category).write({
            "tax_id": self.tax_19.id,
            "account_id": self.env["account.account"].search([
                ("code", "=", "8400"), ("company_id", "=", self.company.id)]).id})

    def _active_sheet(self, lines, partner=None, year=YEAR):
        sheet = self._create_sheet(year, lines, partner=partner)
        return self._bring_to(sheet, "active")

    def _standard_sheet(self, partner=None):
        """10 workplaces, a server, maintenance, consulting in March, a reserve of
        5.000,00 € and an order budget of 10.000,00 €."""
        return self._active_sheet([
            (self.svc_workplace, {"quantity": 10}),
            (self.svc_server, {"quantity": 1}),
            (self.svc_maintenance, {"quantity": 1}),
            (self.svc_consulting, {"price_unit": 2500.0, "date_from": "%d-03-01" % YEAR,
                                   "date_to": "%d-03-31" % YEAR}),
            (self.svc_reserve, {"price_unit": 5000.0}),
            (self.svc_order_budget, {"price_unit": 10000.0}),
        ], partner=partner)

    def _run(self, period_type="month", number=1, year=YEAR, validate=False):
        """Start (or start again) the run of a period; invoice date: its first day."""
        date_start = run_period(period_type, year, number)[0]
        run = self.Run._find_or_create(self.company, period_type, year, number,
                                       str(date_start), validate)
        self._start(run)
        return run

    def _start(self, run):
        """Start the run as its button does, then let the job runner run it."""
        run.action_start()
        self.assertEqual(run.state, "queued")
        self._run_background_jobs()

    def _run_background_jobs(self):
        """What the cron worker does each minute: run the queued jobs."""
        self.env["background.job"]._cron_run_queue()
        self.Run.invalidate_cache()

    def _line(self, sheet, product):
        return sheet.line_ids.filtered(lambda line: line.product_id == product)

    def _invoiced(self, line):
        """What the invoices (not cancelled) charge for a sheet line."""
        invoice_lines = self.env["account.invoice.line"].search([
            ("ksm_sheet_line_id", "=", line.id), ("invoice_id.state", "!=", "cancel")])
        return round(sum(invoice_lines.mapped("price_subtotal")), 2)


class StoredRowsCase(InvoiceRunCase):
    """Records compared as the database stores them: every column of the table,
    whatever module added it, and every stored many2many relation."""

    def _stored_rows(self, records, ignore):
        """Each record's row as the database holds it, and its many2many targets."""
        records.recompute()
        self.env.cr.execute('SELECT * FROM "%s" WHERE id IN %%s ORDER BY id'
                            % records._table, [tuple(records.ids)])
        rows = [{column: value for column, value in row.items() if column not in ignore}
                for row in self.env.cr.dictfetchall()]
        relations = [{name: record[name].ids for name, field in records._fields.items()
                      if field.type == "many2many" and field.store}
                     for record in records.sorted("id")]
        return rows, relations

    def assertSameRows(self, mine, theirs, ignore=("id",)):
        self.assertEqual(len(mine), len(theirs))
        self.assertTrue(mine)
        my_rows, my_relations = self._stored_rows(mine, ignore)
        their_rows, their_relations = self._stored_rows(theirs, ignore)
        self.assertEqual(set(my_rows[0]), set(their_rows[0]))
        for my_row, their_row in zip(my_rows, their_rows):
            self.assertEqual(my_row, their_row)
        self.assertEqual(my_relations, their_relations)
