from odoo.addons.ksm_membership.tests.state_guard_common import StateGuardAssertions, staff_user

from .invoice_run_common import YEAR, InvoiceRunCase


class TestBillingStateGuard(StateGuardAssertions, InvoiceRunCase):
    """Invoice runs and their Träger lines: the billing office changes their status
    through their steps only."""

    @classmethod
    def setUpClass(cls):
        super(TestBillingStateGuard, cls).setUpClass()
        cls.billing = staff_user(cls.env, "ksm-guard-billing", "ksm_base.group_ksm_user",
                             "account.group_account_invoice")

    def test_invoice_run_status_changes_only_through_its_steps(self):
        run = self.Run.create({
            "company_id": self.company.id, "period_type": "quarter",
            "date_start": "%d-01-01" % YEAR, "date_end": "%d-03-31" % YEAR,
            "date_invoice": "%d-01-02" % YEAR})
        self.assertStateWriteRefused(run, self.billing, "done", "Abgeschlossen")
        line = self.env["ksm.invoice.run.partner"].create({
            "run_id": run.id, "partner_id": self.traeger.id})
        self.assertStateWriteRefused(line, self.billing, "done", "Abgerechnet")
