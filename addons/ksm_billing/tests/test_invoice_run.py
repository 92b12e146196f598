"""Invoice runs: what is invoiced when, once only, per Träger in its own transaction."""
import psycopg2

from odoo.exceptions import UserError, ValidationError
from odoo.tools import mute_logger

from ..models.ksm_invoice_run import RUN_LOCK_CLASS
from .invoice_run_common import YEAR, InvoiceRunCase


class TestInvoiceRun(InvoiceRunCase):

    def test_january_run_invoices_what_january_makes_due(self):
        sheet = self._standard_sheet()
        run = self._run("month", 1)
        self.assertEqual(run.state, "done")
        self.assertEqual(run.period_label, "Januar 2025")
        invoice = run.invoice_ids
        self.assertEqual(len(invoice), 1)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(invoice.partner_id, self.traeger)
        self.assertEqual(invoice.ksm_service_sheet_id, sheet)
        self.assertEqual(invoice.origin, sheet.name)
        self.assertEqual(invoice.date_invoice, "2025-01-01")
        self.assertEqual(invoice.name, "Serviceschein %s, Januar 2025" % sheet.name)
        lines = {line.product_id: line for line in invoice.invoice_line_ids}
        # yearly: the whole year in the year's first run
        workplace = lines[self.svc_workplace]
        # quantity x yearly price x share, as the sheet states it
        self.assertEqual((workplace.ksm_billed_quantity, workplace.ksm_sheet_price,
                          workplace._ksm_share_label(), workplace.price_subtotal),
                         (10, 1140.0, "12/12", 11400.0))
        self.assertEqual((workplace.start_date, workplace.end_date),
                         ("2025-01-01", "2025-12-31"))
        # monthly: January's twelfth, the first months take the odd cents
        server = lines[self.svc_server]
        self.assertEqual(server.price_subtotal, 83.34)
        self.assertEqual((server.start_date, server.end_date),
                         ("2025-01-01", "2025-01-31"))
        # quarterly: the first quarter
        maintenance = lines[self.svc_maintenance]
        self.assertEqual(maintenance.price_subtotal, 1095.0)
        self.assertEqual(maintenance.end_date, "2025-03-31")
        # consulting starts in March, the reserve is not called, the order budget is
        # invoiced by its calls: none of them
        self.assertEqual(set(lines), {self.svc_workplace, self.svc_server,
                                      self.svc_maintenance})
        self.assertEqual(invoice.amount_untaxed, 12578.34)
        self.assertEqual(invoice.amount_total, 12578.34)
        for line in invoice.invoice_line_ids:
            self.assertEqual(line.invoice_line_tax_ids, self.tax_o)
            self.assertEqual(line.ksm_sheet_id, sheet)
            self.assertEqual(line.ksm_sheet_line_id.product_id, line.product_id)
        analytic = self.traeger.ksm_analytic_account_id
        self.assertEqual(analytic.partner_id, self.traeger)
        self.assertEqual(invoice.invoice_line_ids.mapped("account_analytic_id"), analytic)
        self.assertEqual(self.Item.search_count([("invoice_id", "=", invoice.id)]), 3)
        row = run.partner_line_ids
        self.assertEqual((row.partner_id, row.state, row.invoice_count, row.amount_total),
                         (self.traeger, "done", 1, 12578.34))
        self.assertEqual((run.processed_count, run.traeger_count, run.progress), (1, 1, 100.0))
        # the analytic account is the Träger's for good
        self._standard_sheet(self.other_traeger)
        self._run("month", 2)
        self.assertEqual(self.traeger.ksm_analytic_account_id, analytic)

    def test_twelve_monthly_runs_invoice_every_service_exactly_its_subtotal(self):
        sheet = self._active_sheet([
            (self.svc_workplace, {"quantity": 7}),
            (self.svc_server, {"quantity": 3}),
            (self.svc_maintenance, {"quantity": 1, "date_from": "%d-02-01" % YEAR,
                                    "date_to": "%d-11-30" % YEAR}),
            (self.svc_consulting, {"price_unit": 1234.56, "date_from": "%d-06-15" % YEAR,
                                   "date_to": "%d-07-15" % YEAR}),
            (self.svc_order_budget, {"price_unit": 10000.0}),
        ])
        for month in range(1, 13):
            self._run("month", month)
        invoices = self.env["account.invoice"].search([("ksm_service_sheet_id", "=", sheet.id)])
        self.assertEqual(len(invoices), 12)  # the server is due every month
        for line in sheet.line_ids.filtered(lambda line: line.category != "order_budget"):
            self.assertEqual(self._invoiced(line), line.subtotal, line.name)
        self.assertEqual(round(sum(invoices.mapped("amount_total")), 2),
                         round(sheet.amount_total - 10000.0, 2))
        # maintenance from February to November: 2, 3, 3 and 2 months of 365,00 €
        maintenance = self._line(sheet, self.svc_maintenance)
        self.assertEqual(self.Item.search([("sheet_line_id", "=", maintenance.id)]).mapped(
            "amount"), [730.0, 1095.0, 1095.0, 730.0])

    def test_a_service_is_invoiced_as_quantity_yearly_price_and_share(self):
        # 3 servers at 1.000,00 € a year, billed monthly: 3 x 1.000,00 € x 1/12, as
        # the sheet states it; the line bills the month's 250,00 € exactly
        self._active_sheet([(self.svc_server, {"quantity": 3})])
        line = self._run("month", 1).invoice_ids.invoice_line_ids
        self.assertEqual((line.ksm_billed_quantity, line.ksm_sheet_price,
                          line.ksm_billed_months, line._ksm_share_label()),
                         (3.0, 1000.0, 1, "1/12"))
        self.assertEqual((line.quantity, line.price_unit, line.price_subtotal),
                         (1.0, 250.0, 250.0))
        self.assertEqual(line.uom_id, self.env.ref("ksm_services.product_uom_lump_sum"))
        self.assertNotIn("Anteilig", line.name)
        self.assertEqual(line._ksm_share_text(),
                         "Jahrespreis 1.000,00 € je Einheit, berechneter Anteil des "
                         "Jahres: 1/12")
        values = line.invoice_id._prepare_xrechnung_values()["lines"][0]
        self.assertEqual((values["quantity"], values["net_price"], values["base_quantity"]),
                         (3.0, 1000.0, 12.0))
        self.assertEqual(values["net_amount"], 250.0)

    def test_taxable_category_goes_on_an_invoice_of_its_own(self):
        self._make_taxable("application_maintenance")
        self._standard_sheet()
        run = self._run("month", 1, validate=True)
        self.assertEqual(len(run.invoice_ids), 2)
        taxable = run.invoice_ids.filtered("amount_tax")
        not_taxable = run.invoice_ids - taxable
        self.assertEqual(taxable.invoice_line_ids.product_id, self.svc_maintenance)
        self.assertEqual((taxable.amount_untaxed, taxable.amount_tax, taxable.amount_total),
                         (1095.0, 208.05, 1303.05))
        self.assertIn("steuerpflichtige Leistungen", taxable.name)
        self.assertEqual(not_taxable.amount_total, 11483.34)
        # both are e-invoices; the one not taxable states § 2b UStG, printed and in the file
        self.assertEqual(run.invoice_ids.mapped("state"), ["open", "open"])
        self.assertTrue(all(run.invoice_ids.mapped("xrechnung_attachment_id")))
        self.assertEqual(not_taxable._xrechnung_categories(), {"O"})
        self.assertEqual(taxable._xrechnung_categories(), {"S"})
        self.assertIn("(§ 2b UStG)", not_taxable._vat_exemption_notes()[0])
        self.assertEqual(taxable._vat_exemption_notes(), [])

    def test_investment_reserve_is_invoiced_as_far_as_called(self):
        sheet = self._standard_sheet()
        reserve = self._line(sheet, self.svc_reserve)
        self._run("month", 1)
        self.assertEqual(self._invoiced(reserve), 0.0)

        def call(amount, date):
            self.env["ksm.reserve.call"].create({
                "line_id": reserve.id, "amount": amount, "date": date,
                "reason": "Ersatzbeschaffung Server"}).action_call()

        call(2000.0, "%d-02-10" % YEAR)
        self._run("month", 2)
        self.assertEqual(self._invoiced(reserve), 2000.0)
        item = self.Item.search([("sheet_line_id", "=", reserve.id)])
        self.assertEqual((item.kind, item.amount, item.reserve_called_total),
                         ("reserve", 2000.0, 2000.0))
        self._run("month", 2)
        self.assertEqual(self._invoiced(reserve), 2000.0)
        # called in March: due from the March run on
        call(1000.0, "%d-03-03" % YEAR)
        self._run("month", 2)
        self.assertEqual(self._invoiced(reserve), 2000.0)
        self._run("month", 3)
        self.assertEqual(self._invoiced(reserve), 3000.0)
        self._run("month", 4)
        self.assertEqual(self._invoiced(reserve), 3000.0)

    def test_order_budget_calls_done_are_invoiced_once(self):
        sheet = self._standard_sheet()
        budget = sheet.order_budget_ids
        Call = self.env["ksm.order.call"]
        hardware = Call.create({"budget_id": budget.id, "amount": 1200.0,
                                "name": "Hardwareersatz vor der Migration",
                                "date": "%d-02-03" % YEAR})
        hardware._approve(self.mayor, "%d-02-04 09:00:00" % YEAR)
        support = Call.create({"budget_id": budget.id, "amount": 800.0,
                               "name": "Projektbegleitung neues Rathaus",
                               "date": "%d-02-10" % YEAR})
        support._approve(self.mayor, "%d-02-11 09:00:00" % YEAR)
        self._run("month", 2)  # approved, not done: nothing to invoice yet
        self.assertEqual(hardware.state, "approved")
        hardware.action_done()
        run = self._run("month", 2)
        line = run.invoice_ids.mapped("invoice_line_ids").filtered(
            lambda line: line.ksm_run_item_ids.kind == "order_call")
        self.assertEqual((line.name, line.quantity, line.price_subtotal),
                         ("Abruf aus dem Auftragsbudget: Hardwareersatz vor der Migration",
                          1.0, 1200.0))
        self.assertEqual(line.ksm_sheet_line_id, self._line(sheet, self.svc_order_budget))
        self.assertEqual((line.start_date, line.end_date),
                         ("%d-02-03" % YEAR,) * 2)
        self.assertEqual(line.ksm_run_item_ids.order_call_id, hardware)
        self.assertEqual((hardware.state, support.state), ("invoiced", "approved"))
        invoices = run.invoice_ids
        self.assertEqual(self._run("month", 2).invoice_ids, invoices)
        # a cancelled invoice gives the call back to the next run
        line.invoice_id.action_invoice_cancel()
        self.assertEqual(hardware.state, "done")
        self._run("month", 2)
        self.assertEqual(hardware.state, "invoiced")
        self.assertEqual(len(run.invoice_ids - invoices), 1)

    def test_running_a_period_again_creates_nothing(self):
        self._standard_sheet()
        self._standard_sheet(self.other_traeger)
        run = self._run("quarter", 1)
        invoices = run.invoice_ids
        self.assertEqual(len(invoices), 2)
        items = self.Item.search([("run_id", "=", run.id)])
        self.assertEqual(self._run("quarter", 1), run)
        self.assertEqual(run.invoice_ids, invoices)
        self.assertEqual(self.Item.search([("run_id", "=", run.id)]), items)
        self.assertEqual(run.state, "done")
        # a month of the quarter has nothing left either
        february = self._run("month", 2)
        self.assertFalse(february.invoice_ids)
        self.assertFalse(february.partner_line_ids)
        self.assertEqual(february.state, "done")

    def test_the_database_refuses_to_register_a_period_twice(self):
        sheet = self._standard_sheet()
        run = self._run("month", 1)
        item = self.Item.search([("run_id", "=", run.id)], limit=1)
        values = {
            "kind": "service", "sheet_line_id": item.sheet_line_id.id,
            "sheet_id": sheet.id, "partner_id": self.traeger.id,
            "period_start": item.period_start, "period_end": item.period_end,
            "amount": item.amount, "currency_id": item.currency_id.id,
            "invoice_line_id": item.invoice_line_id.id, "invoice_id": item.invoice_id.id}
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.Item.create(values)
        # the same called total of a reserve is invoiced once too
        reserve = self._line(sheet, self.svc_reserve)
        reserve_values = dict(values, kind="reserve", sheet_line_id=reserve.id,
                              reserve_called_total=1000.0, amount=1000.0)
        self.Item.create(reserve_values)
        with self.assertRaises(psycopg2.IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self.Item.create(reserve_values)

    def test_a_failing_traeger_is_recorded_and_the_others_are_invoiced(self):
        self._standard_sheet()
        self._standard_sheet(self.other_traeger)
        leitweg_id = self.other_traeger.leitweg_id
        self.other_traeger.leitweg_id = False
        run = self._run("month", 1, validate=True)
        self.assertEqual(run.state, "failed")
        rows = {row.partner_id: row for row in run.partner_line_ids}
        self.assertEqual(rows[self.traeger].state, "done")
        self.assertEqual(rows[self.traeger].invoice_ids.state, "open")
        failed = rows[self.other_traeger]
        self.assertEqual(failed.state, "failed")
        self.assertIn("Leitweg-ID (BT-10) von Stadt Wittenburg fehlt", failed.message)
        self.assertFalse(failed.invoice_ids)
        self.assertFalse(self.Item.search([("partner_id", "=", self.other_traeger.id)]))
        self.assertEqual((run.processed_count, run.failed_count), (2, 1))
        # fixed: continuing the run invoices the Träger that failed, and only it
        invoiced = run.invoice_ids
        self.other_traeger.leitweg_id = leitweg_id
        self._start(run)
        self.assertEqual(run.state, "done")
        self.assertEqual(failed.state, "done")
        self.assertFalse(failed.message)
        self.assertEqual(len(run.invoice_ids - invoiced), 1)
        self.assertEqual((run.invoice_ids - invoiced).partner_id, self.other_traeger)

    def test_a_service_without_income_account_fails_its_traeger_only(self):
        self.env.ref("ksm_billing.invoice_run_category_project").account_id = False
        no_account = self.env["product.category"].create({"name": "Ohne Erlöskonto"})
        no_account.property_account_income_categ_id = False
        special = self._create_service("Sonderleistung (Lauf)", "project", "once",
                                       individual=True)
        special.categ_id = no_account
        self._standard_sheet()
        self._active_sheet([(self.svc_workplace, {"quantity": 2}),
                            (special, {"price_unit": 800.0})], partner=self.other_traeger)
        run = self._run("month", 1)
        failed = run.partner_line_ids.filtered(lambda row: row.state == "failed")
        self.assertEqual(failed.partner_id, self.other_traeger)
        self.assertIn("Kein Erlöskonto für die Leistung „Sonderleistung (Lauf)“",
                      failed.message)
        self.assertEqual(run.invoice_ids.partner_id, self.traeger)

    def test_a_second_run_is_refused_while_one_is_running(self):
        self._standard_sheet()
        running = self.Run._without_state_guard().create({  # another run, interrupted
            "company_id": self.company.id, "period_type": "quarter",
            "date_start": "%d-01-01" % YEAR, "date_end": "%d-03-31" % YEAR,
            "date_invoice": "%d-01-02" % YEAR, "state": "running",
            "started_by_id": self.env.ref("base.user_root").id,
            "date_started": "%d-01-02 07:30:00" % YEAR})
        run = self.Run._find_or_create(self.company, "month", YEAR, 1, "%d-01-05" % YEAR,
                                       False)
        other_process = self.registry.cursor()
        try:
            other_process.execute("SELECT pg_advisory_lock(%s, %s)",
                                  (RUN_LOCK_CLASS, self.company.id))
            with self.assertRaises(UserError) as refusal:
                run.action_start()
            message = refusal.exception.name
            self.assertIn("Es läuft bereits ein Rechnungslauf", message)
            self.assertIn("%s für 1. Quartal 2025, gestartet von" % running.name, message)
            self.assertIn("es wurde nichts angelegt", message)
            self.assertEqual(run.state, "draft")
            self.assertFalse(run.partner_line_ids)
            self.assertFalse(run.invoice_ids)
            self.assertFalse(running.is_interrupted)  # the other process holds the lock
        finally:
            other_process.execute("SELECT pg_advisory_unlock(%s, %s)",
                                  (RUN_LOCK_CLASS, self.company.id))
            other_process.close()
        self._start(run)
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.invoice_ids), 1)

    def test_an_interrupted_run_is_continued(self):
        self._standard_sheet()
        self._standard_sheet(self.other_traeger)
        run = self.Run._find_or_create(self.company, "month", YEAR, 1, "%d-01-05" % YEAR,
                                       False)
        # as when the server died: the run had started and invoiced its first Träger
        with run._company_lock(self.company):
            run._start()
            first = run.partner_line_ids[0]
            run._process_partner_line(first)
        self.assertEqual(run.state, "running")
        self.assertTrue(run.is_interrupted)
        self.assertEqual((run.processed_count, run.traeger_count), (1, 2))
        first_invoices = first.invoice_ids
        self._start(run)
        self.assertEqual(run.state, "done")
        self.assertFalse(run.is_interrupted)
        self.assertEqual(first.invoice_ids, first_invoices)
        self.assertEqual(len(run.invoice_ids), 2)
        self.assertEqual(sorted(run.partner_line_ids.mapped("state")), ["done", "done"])

    def test_a_cancelled_or_deleted_invoice_is_invoiced_again_by_the_next_run(self):
        self._standard_sheet()
        run = self._run("month", 1)
        invoice = run.invoice_ids
        invoice.action_invoice_cancel()
        self.assertFalse(self.Item.search([("invoice_id", "=", invoice.id)]))
        self._start(run)
        again = run.invoice_ids - invoice
        self.assertEqual(again.amount_total, invoice.amount_total)
        again.unlink()
        self._start(run)
        self.assertEqual((run.invoice_ids - invoice).amount_total, invoice.amount_total)

    def test_a_revision_continues_where_the_previous_one_stopped(self):
        sheet = self._active_sheet([(self.svc_workplace, {"quantity": 10}),
                                    (self.svc_server, {"quantity": 1})])
        self._run("month", 1)
        revision = self.Sheet.browse(sheet.action_revise()["res_id"])
        self._line(revision, self.svc_workplace).quantity = 12
        self._line(revision, self.svc_server).quantity = 2
        self._bring_to(revision, "active")
        self.assertEqual(sheet.state, "superseded")
        invoice = self._run("month", 2).invoice_ids
        # the year of workplaces and January were invoiced with the first revision
        self.assertEqual(invoice.ksm_service_sheet_id, revision)
        self.assertEqual(invoice.invoice_line_ids.product_id, self.svc_server)
        self.assertEqual(invoice.invoice_line_ids.start_date, "%d-02-01" % YEAR)
        self.assertEqual(invoice.amount_total, 166.67)

    def test_a_run_that_invoiced_is_kept(self):
        self._standard_sheet()
        run = self._run("month", 1)
        with self.assertRaises(UserError):
            run.unlink()

    def test_categories_start_not_taxable_on_an_account_that_takes_it(self):
        settings = self.env["ksm.invoice.run.category"].search(
            [("company_id", "=", self.company.id)])
        self.assertEqual(len(settings), 6)
        self.assertEqual(settings.mapped("tax_id"), self.tax_o)
        self.assertEqual(settings.mapped("account_id.code"), ["8200"])
        revenue_19 = self.env["account.account"].search([
            ("code", "=", "8400"), ("company_id", "=", self.company.id)])
        with self.assertRaises(ValidationError) as refusal:
            settings[0].account_id = revenue_19
        self.assertIn("nimmt die Steuer Nicht steuerbar (§ 2b UStG) nicht", refusal.exception.name)
