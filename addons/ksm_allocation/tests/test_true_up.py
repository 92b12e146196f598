import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from odoo.addons.ksm_billing.tests.invoice_run_common import YEAR, InvoiceRunCase


class TestTrueUp(InvoiceRunCase):
    """The true-up of 2025: Lübtheen (test copy) reports 3 workstations, Wittenburg 1
    (the demo Träger, members of KSM in every year, report none). Lübtheen's sheet has
    one workplace (1.140,00 € a year) and a maintenance (4.380,00 € a year, quarterly);
    Wittenburg has no sheet, so no advance."""

    @classmethod
    def setUpClass(cls):
        super(TestTrueUp, cls).setUpClass()
        cls.TrueUp = cls.env["ksm.true.up"]
        cls.key = cls.env["ksm.allocation.key"].create({
            "name": "Arbeitsplätze (Spitzabrechnung)", "code": "TEST-SPITZ",
            "unit": "Arbeitsplatz", "max_quantity": 1000})

    def _pool(self, name, amount, category, products):
        return self.env["ksm.cost.pool"].create({
            "name": name, "year": YEAR, "key_id": self.key.id, "amount": amount,
            "company_id": self.company.id, "category": category,
            "product_ids": [(6, 0, products.ids)]})

    def _allocate(self, pools, lock=True):
        """Confirmed quantities: Lübtheen 3, Wittenburg 1, every other member 0."""
        quantities = {self.traeger: 3, self.other_traeger: 1}
        for partner in pools[0]._allocation_traeger() | self.traeger | self.other_traeger:
            report = self.env["ksm.quantity.report"].create({
                "partner_id": partner.id, "year": YEAR, "key_id": self.key.id,
                "quantity": quantities.get(partner, 0)})
            report.action_submit()
            report.action_confirm()
        pools.action_allocate()
        if lock:
            pools.action_lock()

    def _standard_year(self):
        """Two pools, allocated and locked, and Lübtheen's advance invoices of January."""
        self._active_sheet([(self.svc_workplace, {"quantity": 1}),
                            (self.svc_maintenance, {"quantity": 1})])
        self._run("month", 1, validate=True)
        pools = (self._pool("Arbeitsplatzbetrieb", 1000.00, "operation", self.svc_workplace)
                 | self._pool("Fachverfahrenswartung", 500.01, "application_maintenance",
                              self.svc_maintenance))
        self._allocate(pools)
        return pools

    def _true_up(self, partner=None):
        true_up = self.TrueUp.create({"partner_id": (partner or self.traeger).id,
                                      "year": YEAR, "company_id": self.company.id})
        true_up.action_compute()
        return true_up

    @staticmethod
    def _figures(true_up):
        return {line.pool_id.name: (line.allocated_amount, line.advance_amount,
                                    line.difference) for line in true_up.line_ids}

    # ------------------------------------------------------------------ computing
    def test_differences_are_exact_to_the_cent_for_every_pool(self):
        self._standard_year()
        true_up = self._true_up()
        # 1.000,00 € by 3 of 4 workstations; 500,01 € by 3 of 4: 375,0075 €, and the
        # cent left over goes to the larger remainder (Lübtheen's ,75 against ,25)
        self.assertEqual(self._figures(true_up), {
            "Arbeitsplatzbetrieb": (750.00, 1140.00, -390.00),
            "Fachverfahrenswartung": (375.01, 1095.00, -719.99),
        })
        self.assertEqual((true_up.amount_allocated, true_up.amount_advance,
                          true_up.amount_difference), (1125.01, 2235.00, -1109.99))
        self.assertEqual(true_up.state, "computed")
        other = self._true_up(self.other_traeger)
        self.assertEqual(self._figures(other), {
            "Arbeitsplatzbetrieb": (250.00, 0.0, 250.00),
            "Fachverfahrenswartung": (125.00, 0.0, 125.00),
        })

    def test_the_advance_is_validated_invoices_less_credit_notes_of_the_year(self):
        self._standard_year()
        advance_invoice = self.env["account.invoice"].search([
            ("partner_id", "=", self.traeger.id), ("state", "=", "open")])
        self.assertEqual(len(advance_invoice), 1)
        workplace_line = advance_invoice.invoice_line_ids.filtered(
            lambda line: line.product_id == self.svc_workplace)
        # a credit note of 140,00 € for the workplace in 2025 lowers the advance; a
        # draft invoice, and an invoice for a service period of the year before, do not
        # count
        refund = advance_invoice.refund(description="Gutschrift Arbeitsplatz")
        refund.invoice_line_ids.filtered(
            lambda line: line.product_id != self.svc_workplace).unlink()
        refund.invoice_line_ids.write({"price_unit": 140.00})
        refund.compute_taxes()
        refund.action_invoice_open()
        advance_invoice.copy()  # a draft
        earlier = advance_invoice.copy()
        earlier.invoice_line_ids.write({"start_date": "%d-01-01" % (YEAR - 1),
                                        "end_date": "%d-12-31" % (YEAR - 1)})
        earlier.action_invoice_open()
        true_up = self._true_up()
        self.assertEqual(self._figures(true_up)["Arbeitsplatzbetrieb"],
                         (750.00, 1000.00, -250.00))
        line = true_up.line_ids.filtered(lambda line: line.pool_id.name ==
                                         "Arbeitsplatzbetrieb")
        self.assertEqual(line.advance_line_ids, workplace_line | refund.invoice_line_ids)

    def test_the_true_up_is_refused_while_a_pool_of_the_year_is_not_locked(self):
        pools = self._pool("Arbeitsplatzbetrieb", 1000.00, "operation", self.svc_workplace)
        self._allocate(pools, lock=False)
        true_up = self.TrueUp.create({"partner_id": self.traeger.id, "year": YEAR,
                                      "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "noch nicht festgeschrieben"):
            true_up.action_compute()
        self.assertEqual(true_up.state, "draft")
        self.assertFalse(true_up.line_ids)
        wizard = self.env["ksm.true.up.compute"].create({"year": YEAR,
                                                         "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "Arbeitsplatzbetrieb %d" % YEAR):
            wizard.action_compute()

    def test_the_wizard_computes_one_true_up_per_traeger_with_a_share(self):
        pools = self._standard_year()
        wizard = self.env["ksm.true.up.compute"].create({"year": YEAR,
                                                         "company_id": self.company.id})
        action = wizard.action_compute()
        true_ups = self.TrueUp.search(action["domain"])
        self.assertEqual(true_ups.mapped("partner_id"),
                         pools.mapped("allocation_line_ids.partner_id"))
        # the wizard returns at once: each true-up is computed by a background job
        self.assertEqual(set(true_ups.mapped("state")), {"draft"})
        self.assertEqual(set(true_ups.mapped("background_job_pending")), {True})
        self.env["background.job"]._cron_run_queue()
        self.TrueUp.invalidate_cache()
        self.assertEqual(set(true_ups.mapped("state")), {"computed"})
        self.assertEqual(set(true_ups.mapped("background_job_pending")), {False})
        # computing again keeps one true-up per Träger
        wizard.action_compute()
        self.assertEqual(self.TrueUp.search_count([("year", "=", YEAR),
                                                   ("company_id", "=", self.company.id)]),
                         len(true_ups))

    def test_the_lists_create_invoices_issues_them_in_the_background(self):
        self._standard_year()
        true_up = self._true_up()
        draft = self.TrueUp.create({"partner_id": self.other_traeger.id, "year": YEAR,
                                    "company_id": self.company.id})
        with self.assertRaisesRegex(UserError, "Nur berechnete Spitzabrechnungen"):
            (true_up | draft)._enqueue_invoice_creation()
        self.assertFalse((true_up | draft)._background_jobs())
        true_up._enqueue_invoice_creation()
        self.assertEqual((true_up.state, true_up.background_job_pending), ("computed", True))
        self.env["background.job"]._cron_run_queue()
        self.TrueUp.invalidate_cache()
        self.assertEqual(true_up.state, "invoiced")
        self.assertEqual(true_up.invoice_ids.state, "open")

    # ------------------------------------------------------------------ invoicing
    def test_a_negative_difference_is_one_credit_note_with_its_xrechnung(self):
        self._standard_year()
        true_up = self._true_up()
        true_up.action_create_invoices()
        self.assertEqual(true_up.state, "invoiced")
        credit_note = true_up.invoice_ids
        self.assertEqual(len(credit_note), 1)
        self.assertEqual(credit_note.type, "out_refund")
        self.assertEqual(credit_note.state, "open")
        self.assertEqual(credit_note.amount_total, 1109.99)
        self.assertEqual(credit_note.invoice_line_ids.mapped("price_subtotal"),
                         [390.00, 719.99])
        self.assertEqual(credit_note.invoice_line_ids.mapped("name")[0].splitlines()[0],
                         "Spitzabrechnung %d: Arbeitsplatzbetrieb" % YEAR)
        self.assertEqual(credit_note.invoice_line_ids.mapped("invoice_line_tax_ids"),
                         self.tax_o)
        self.assertEqual(credit_note.invoice_line_ids.mapped("account_analytic_id"),
                         self.traeger.ksm_analytic_account_id)
        self.assertTrue(self.traeger.ksm_analytic_account_id)
        self.assertTrue(credit_note.xrechnung_attachment_id)
        xml = credit_note._xrechnung_xml().decode()
        self.assertIn("<ram:TypeCode>381</ram:TypeCode>", xml)
        self.assertIn("1109.99", xml)

    def test_a_positive_difference_is_one_invoice(self):
        self._standard_year()
        true_up = self._true_up(self.other_traeger)
        true_up.action_create_invoices()
        invoice = true_up.invoice_ids
        self.assertEqual((invoice.type, invoice.amount_total), ("out_invoice", 375.00))
        self.assertTrue(invoice.xrechnung_attachment_id)
        self.assertEqual(invoice.origin, true_up.name)

    def test_no_difference_settles_the_true_up_without_a_document(self):
        self._active_sheet([(self.svc_workplace, {"quantity": 1})])
        self._run("month", 1, validate=True)
        # 1.520,00 € by 3 of 4 workstations: exactly Lübtheen's advance of 1.140,00 €
        self._allocate(self._pool("Arbeitsplatzbetrieb", 1520.00, "operation",
                                  self.svc_workplace))
        true_up = self._true_up()
        self.assertEqual(true_up.amount_difference, 0.0)
        true_up.action_create_invoices()
        self.assertEqual(true_up.state, "settled")
        self.assertFalse(true_up.invoice_ids)

    def test_a_taxable_category_gets_a_document_of_its_own(self):
        self._make_taxable("application_maintenance")
        self._standard_year()
        true_up = self._true_up(self.other_traeger)
        true_up.action_create_invoices()
        self.assertEqual(len(true_up.invoice_ids), 2)
        untaxed = true_up.invoice_ids.filtered(lambda invoice: not invoice.amount_tax)
        taxable = true_up.invoice_ids - untaxed
        self.assertEqual(untaxed.amount_total, 250.00)
        self.assertEqual(untaxed.invoice_line_ids.invoice_line_tax_ids, self.tax_o)
        self.assertEqual((taxable.amount_untaxed, taxable.amount_tax, taxable.amount_total),
                         (125.00, 23.75, 148.75))
        self.assertEqual(taxable.invoice_line_ids.invoice_line_tax_ids, self.tax_19)
        self.assertTrue(all(true_up.invoice_ids.mapped("xrechnung_attachment_id")))

    def test_only_the_billing_office_creates_the_documents(self):
        self._standard_year()
        true_up = self._true_up()
        clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "KSM Sachbearbeitung", "login": "ksm-sachbearbeitung",
            "groups_id": [(6, 0, [self.env.ref("ksm_base.group_ksm_user").id])]})
        self.assertEqual(true_up.sudo(clerk).amount_difference, -1109.99)  # reads
        with self.assertRaises(AccessError):
            true_up.sudo(clerk).action_create_invoices()
        self.assertEqual(true_up.state, "computed")
        self.assertFalse(true_up.invoice_ids)

    # ------------------------------------------------------------------ once a year
    def test_a_second_true_up_of_the_traeger_and_year_is_refused_by_the_database(self):
        self._standard_year()
        first = self._true_up()
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.TrueUp.create({"partner_id": self.traeger.id, "year": YEAR,
                                "company_id": self.company.id})
        first.action_cancel()
        second = self._true_up()
        self.assertEqual(second.amount_difference, -1109.99)

    def test_cancelling_the_document_reopens_the_true_up(self):
        self._standard_year()
        true_up = self._true_up()
        true_up.action_create_invoices()
        with self.assertRaisesRegex(UserError, "zuerst"):
            true_up.action_cancel()
        credit_note = true_up.invoice_ids
        credit_note.journal_id.update_posted = True
        credit_note.action_invoice_cancel()
        self.assertEqual(true_up.state, "computed")
        true_up.action_create_invoices()
        self.assertEqual(true_up.state, "invoiced")
        self.assertEqual(len(true_up.invoice_ids), 2)
        self.assertEqual((true_up.invoice_ids - credit_note).amount_total, 1109.99)

    def test_a_settled_service_belongs_to_one_pool_of_its_category(self):
        self._pool("Arbeitsplatzbetrieb", 1000.00, "operation", self.svc_workplace)
        with self.assertRaisesRegex(ValidationError, "nur mit einem Kostenpool"), \
                self.env.cr.savepoint():
            self._pool("Arbeitsplätze Schulen", 10.00, "operation", self.svc_workplace)
        with self.assertRaisesRegex(ValidationError, "seiner eigenen Leistungskategorie"), \
                self.env.cr.savepoint():
            self._pool("Wartung", 10.00, "operation", self.svc_maintenance)

    # ------------------------------------------------------------------ demo
    def test_the_demo_true_up_of_luebtheen_2021_is_invoiced(self):
        true_up = self.env.ref("ksm_allocation.true_up_2021_luebtheen")
        shares = self.env["ksm.allocation.line"].search([
            ("partner_id", "=", true_up.partner_id.id), ("year", "=", 2021)])
        self.assertEqual(true_up.state, "invoiced")
        self.assertEqual(true_up.amount_allocated,
                         round(sum(shares.mapped("amount")), 2))
        self.assertEqual(true_up.amount_advance, 0.0)
        self.assertEqual(true_up.invoice_ids.amount_total, true_up.amount_difference)
        self.assertEqual(true_up.invoice_ids.date_invoice, "2022-03-31")
        self.assertEqual(self.env.ref("ksm_allocation.true_up_2021_schwerin").state,
                         "computed")
