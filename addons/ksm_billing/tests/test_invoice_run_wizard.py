"""Starting invoice runs: the wizard's preview, the scheduled action, e-mails."""
from odoo import fields
from odoo.exceptions import UserError

from ..models.ksm_invoice_run import RUN_LOCK_CLASS
from .invoice_run_common import YEAR, InvoiceRunCase


class TestInvoiceRunWizard(InvoiceRunCase):

    def _wizard(self, **values):
        return self.env["ksm.invoice.run.wizard"].create(dict({
            "period_type": "quarter", "year": YEAR, "quarter": "1",
            "date_invoice": "%d-01-10" % YEAR, "auto_validate": False}, **values))

    def test_preview_shows_per_traeger_what_the_run_will_invoice(self):
        self._standard_sheet()
        self._standard_sheet(self.other_traeger)
        wizard = self._wizard()
        wizard.action_preview()
        self.assertEqual(wizard.state, "preview")
        self.assertEqual(wizard.period_label, "1. Quartal 2025")
        self.assertFalse(wizard.existing_run_id)
        # Q1: workplaces for the year, three months of the server, the first quarter of
        # maintenance, the consulting in March
        self.assertEqual(wizard.line_ids.mapped("partner_id"),
                         self.traeger | self.other_traeger)
        for line in wizard.line_ids:
            self.assertEqual((line.sheet_count, line.invoice_count, line.amount_untaxed,
                              line.amount_tax, line.amount_total, line.problem),
                             (1, 1, 15245.02, 0.0, 15245.02, False))
        self.assertEqual((wizard.traeger_count, wizard.invoice_count, wizard.amount_total),
                         (2, 2, 30490.04))
        action = wizard.action_start()
        run = self.Run.browse(action["res_id"])
        self.assertEqual((run.period_type, run.date_start, run.date_end, run.date_invoice),
                         ("quarter", "2025-01-01", "2025-03-31", "2025-01-10"))
        # the button returns at once: the run is queued, the cron worker invoices
        self.assertEqual(run.state, "queued")
        self.assertTrue(run.background_job_pending)
        self.assertFalse(run.invoice_ids)
        job = run._background_jobs()
        self.assertEqual((job.name, job.user_id, job.state),
                         ("Rechnungslauf %s" % run.name, self.env.user, "queued"))
        self._run_background_jobs()
        self.assertEqual((run.state, job.state, job.attempt_count), ("done", "done", 1))
        self.assertFalse(run.background_job_pending)
        self.assertEqual(run.amount_total, wizard.amount_total)
        self.assertEqual(len(run.invoice_ids), wizard.invoice_count)
        # the same period again: the existing run, with nothing left to invoice
        again = self._wizard()
        again.action_preview()
        self.assertEqual(again.existing_run_id, run)
        self.assertFalse(again.line_ids)
        self.assertEqual(self.Run.browse(again.action_start()["res_id"]), run)
        # queued once: a second start while it waits is refused, nothing queued twice
        with self.assertRaises(UserError) as refusal:
            self._wizard().action_start()
        self.assertIn("Es läuft bereits ein Rechnungslauf", refusal.exception.name)
        self.assertEqual(len(run._background_jobs()), 1)
        self._run_background_jobs()
        self.assertEqual(len(run.invoice_ids), 2)

    def test_a_run_whose_job_failed_before_it_began_can_be_started_again(self):
        self._standard_sheet()
        run = self.Run.browse(self._wizard().action_start()["res_id"])
        other_process = self.registry.cursor()
        try:  # e.g. the scheduled run of the company works at this moment
            other_process.execute("SELECT pg_advisory_lock(%s, %s)",
                                  (RUN_LOCK_CLASS, self.company.id))
            self._run_background_jobs()
        finally:
            other_process.execute("SELECT pg_advisory_unlock(%s, %s)",
                                  (RUN_LOCK_CLASS, self.company.id))
            other_process.close()
        job = self.env["background.job"].search([("model_name", "=", run._name),
                                                 ("res_id", "=", run.id)])
        self.assertEqual(job.state, "failed")
        # another process holds the lock, and no other run is recorded: the run itself
        # is not named as the one in the way
        self.assertIn("Es läuft bereits ein anderer Rechnungslauf von %s" % self.company.name,
                      job.error)
        self.assertEqual(run.state, "draft")
        self.assertIn("Die Hintergrundaufgabe „Rechnungslauf %s“ ist fehlgeschlagen"
                      % run.name, run.message_ids[0].body)
        self._start(run)
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.invoice_ids), 1)

    def test_a_run_whose_job_was_cancelled_can_be_started_again(self):
        self._standard_sheet()
        run = self.Run.browse(self._wizard().action_start()["res_id"])
        run._background_jobs().action_cancel()
        self.assertEqual((run.state, run.background_job_pending), ("draft", False))
        self._start(run)
        self.assertEqual(run.state, "done")

    def test_a_job_whose_process_died_is_run_again(self):
        self._standard_sheet()
        self._standard_sheet(self.other_traeger)
        run = self.Run.browse(self._wizard().action_start()["res_id"])
        job = run._background_jobs()
        # as when the server died: the job had started, the run invoiced one Träger
        job._set_state("running", {"attempt_count": 1})
        with run._company_lock(self.company):
            run._start()
            run._process_partner_line(run.partner_line_ids[0])
        self.assertFalse(run.is_interrupted)  # its job will resume it
        self._run_background_jobs()
        self.assertEqual((job.state, job.attempt_count), ("done", 2))
        self.assertEqual(run.state, "done")
        self.assertEqual(len(run.invoice_ids), 2)

    def test_preview_shows_taxes_and_names_problems(self):
        self._make_taxable("application_maintenance")
        self.env.ref("ksm_billing.invoice_run_category_project").account_id = False
        no_account = self.env["product.category"].create({"name": "Ohne Erlöskonto"})
        no_account.property_account_income_categ_id = False
        self.svc_consulting.categ_id = no_account
        self._active_sheet([(self.svc_maintenance, {"quantity": 1})])
        self._standard_sheet(self.other_traeger)
        wizard = self._wizard()
        wizard.action_preview()
        lines = {line.partner_id: line for line in wizard.line_ids}
        ok = lines[self.traeger]
        self.assertEqual((ok.invoice_count, ok.amount_untaxed, ok.amount_tax, ok.amount_total),
                         (1, 1095.0, 208.05, 1303.05))
        self.assertIn("Kein Erlöskonto", lines[self.other_traeger].problem)
        self.assertEqual(wizard.problem_count, 1)
        wizard.action_back()
        self.assertEqual(wizard.state, "period")
        self.assertFalse(wizard.line_ids)

    def test_wizard_takes_the_company_settings_as_defaults(self):
        self.company.write({"ksm_invoice_run_period_type": "month",
                            "ksm_invoice_run_validate": True})
        wizard = self.env["ksm.invoice.run.wizard"].create({})
        today = fields.Date.from_string(fields.Date.context_today(wizard))
        self.assertEqual((wizard.period_type, wizard.auto_validate, wizard.year, wizard.month),
                         ("month", True, today.year, str(today.month)))
        wizard.write({"period_type": "month", "month": False})
        with self.assertRaises(UserError):
            wizard.action_preview()

    def test_scheduled_run_invoices_the_current_period(self):
        today = fields.Date.from_string(fields.Date.context_today(self.Run))
        service = self._create_service("Betrieb (geplanter Lauf)", "operation", "yearly",
                                       {today.year: 600.0})
        self._active_sheet([(service, {"quantity": 2})], year=today.year)
        self.company.write({"ksm_invoice_run_period_type": "month",
                            "ksm_invoice_run_validate": True})
        self.Run._cron_invoice_due_period()
        run = self.Run.search([("company_id", "=", self.company.id),
                               ("period_type", "=", "month"),
                               ("date_start", "=", str(today.replace(day=1)))])
        self.assertEqual(run.state, "done")
        self.assertEqual(run.date_invoice, str(today))
        invoice = run.invoice_ids.filtered(lambda invoice: invoice.partner_id == self.traeger)
        self.assertEqual((invoice.state, invoice.amount_total), ("open", 1200.0))
        # the next day's call has nothing left to do
        self.Run._cron_invoice_due_period()
        self.assertEqual(self.env["account.invoice"].search_count(
            [("ksm_invoice_run_id", "=", run.id), ("partner_id", "=", self.traeger.id)]), 1)

    def test_invoices_are_sent_by_email_with_pdf_and_xrechnung(self):
        self._standard_sheet()
        run = self._run("month", 1)
        with self.assertRaises(UserError):  # drafts are not sent
            run.action_send_invoices()
        run = self._run("month", 2, validate=True)
        invoice = run.invoice_ids
        run.action_send_invoices()
        self.assertFalse(invoice.sent)  # the job renders and queues the mails
        self.assertEqual(run._background_jobs().mapped("method_name"), ["_send_invoices"])
        self._run_background_jobs()
        self.assertTrue(invoice.sent)
        self.assertIn("1 Rechnung per E-Mail versandt", run.message_ids[0].body)
        mails = self.env["mail.mail"].search([("model", "=", "account.invoice"),
                                              ("res_id", "=", invoice.id)])
        self.assertEqual(mails.mapped("state"), ["outgoing"])  # queued
        self.assertEqual(mails.recipient_ids, self.traeger)
        files = mails.mapped("attachment_ids.datas_fname")
        self.assertIn(invoice.xrechnung_attachment_id.datas_fname, files)
        # the printed invoice (rendered as HTML under tests; tests/test_invoice_run_server.py
        # reads the PDF of a real server)
        self.assertTrue([name for name in files if name.startswith("Invoice_RE")], files)
        with self.assertRaises(UserError):  # all sent
            run.action_send_invoices()

    def test_sending_refuses_recipients_without_address(self):
        self._standard_sheet()
        run = self._run("month", 1, validate=True)
        self.traeger.email = False
        with self.assertRaises(UserError) as refusal:
            run.action_send_invoices()
        self.assertIn("Stadt Lübtheen", refusal.exception.name)
        self.assertFalse(run.invoice_ids.sent)

    def test_the_billing_office_runs_and_sends_with_its_own_rights(self):
        clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Rechnungsstelle KSM", "login": "rechnungsstelle-test",
            "email": "rechnungsstelle@ksm-mv.example",
            "groups_id": [(6, 0, [self.env.ref("ksm_base.group_ksm_user").id,
                                  self.env.ref("account.group_account_invoice").id])]})
        self._standard_sheet()
        wizard = self.env["ksm.invoice.run.wizard"].sudo(clerk).create({
            "period_type": "month", "year": YEAR, "month": "1",
            "date_invoice": "%d-01-10" % YEAR, "auto_validate": True})
        wizard.action_preview()
        run = self.Run.sudo(clerk).browse(wizard.action_start()["res_id"])
        self._run_background_jobs()
        self.assertEqual(run.partner_line_ids.mapped("message"), [False])
        self.assertEqual(run.state, "done")
        self.assertEqual(run.started_by_id, clerk)
        self.assertEqual(run.invoice_ids.state, "open")
        run.action_send_invoices()
        self._run_background_jobs()
        self.assertTrue(run.invoice_ids.sent)
