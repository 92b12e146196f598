from odoo.exceptions import UserError

from odoo.addons.ksm_membership.tests.state_guard_common import StateGuardAssertions, staff_user

from odoo.addons.ksm_billing.tests.invoice_run_common import YEAR, InvoiceRunCase

from .allocation_common import AllocationCase


class TestAllocationStateGuard(StateGuardAssertions, AllocationCase):
    """Quantity reports and cost pools change their status only through their steps:
    no confirmation by writing, no reopening of a locked pool's quantities."""

    @classmethod
    def setUpClass(cls):
        super(TestAllocationStateGuard, cls).setUpClass()
        cls.clerk = staff_user(cls.env, "ksm-guard-clerk", "ksm_base.group_ksm_user")
        cls.manager = staff_user(cls.env, "ksm-guard-manager", "ksm_base.group_ksm_manager")

    def test_reports_are_confirmed_by_the_button_only(self):
        report = self._report(self.traeger_a, 10, state="submitted")
        self.assertStateWriteRefused(report, self.clerk, "confirmed", "Bestätigt")
        self.assertFalse(report.confirmed_by_id)
        report.sudo(self.clerk).action_confirm()
        self.assertEqual((report.state, report.confirmed_by_id), ("confirmed", self.clerk))

    def test_confirmed_quantities_of_a_locked_pool_stay(self):
        report = self._report(self.traeger_a, 10)
        pool = self._pool(1000.0)
        pool.action_allocate()
        pool.sudo(self.manager).action_lock()
        # reopening the report or the pool by writing
        self.assertStateWriteRefused(report, self.clerk, "draft", "Entwurf")
        self.assertStateWriteRefused(report, self.clerk, "returned", "Zurückgegeben")
        self.assertStateWriteRefused(pool, self.clerk, "draft", "Entwurf")
        self.assertStateWriteRefused(pool, self.manager, "allocated", "Verteilt")
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            report.sudo(self.clerk).with_context(lang="de_DE").write({"quantity": 99})
        self.assertIn("bereits bestätigt", refusal.exception.name)
        report.invalidate_cache()
        self.assertEqual((report.state, report.quantity), ("confirmed", 10))
        self.assertStateCreateRefused(
            self.Pool, self.clerk,
            {"name": "Sofort verteilt", "year": self.YEAR, "key_id": self.key.id,
             "amount": 5.0, "company_id": self.company.id, "state": "locked"},
            "Festgeschrieben")


class TestTrueUpStateGuard(StateGuardAssertions, InvoiceRunCase):
    """True-ups change their status through their steps only."""

    @classmethod
    def setUpClass(cls):
        super(TestTrueUpStateGuard, cls).setUpClass()
        cls.billing = staff_user(cls.env, "ksm-guard-billing", "ksm_base.group_ksm_user",
                             "account.group_account_invoice")

    def test_true_up_status_changes_only_through_its_steps(self):
        true_up = self.env["ksm.true.up"].create({
            "partner_id": self.traeger.id, "year": YEAR, "company_id": self.company.id})
        # settling a true-up that was never computed nor invoiced
        self.assertStateWriteRefused(true_up, self.billing, "settled", "Ausgeglichen")
        true_up.sudo(self.billing).action_cancel()
        self.assertEqual(true_up.state, "cancel")
