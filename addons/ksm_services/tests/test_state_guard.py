from odoo.exceptions import UserError

from odoo.addons.ksm_membership.tests.state_guard_common import StateGuardAssertions

from .allocation_common import AllocationCase
from .invoice_run_common import YEAR, InvoiceRunCase
from .order_budget_common import OrderBudgetCase


def _staff(env, login, *groups):
    """A KSM employee with ``groups`` (xml ids) and nothing else, working in German."""
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": login, "login": login, "lang": "de_DE", "email": "%s@ksm.example" % login,
        "groups_id": [(6, 0, [env.ref(group).id for group in groups])]})


class TestSheetAndCallStateGuard(StateGuardAssertions, OrderBudgetCase):
    """KSM staff (group_ksm_user alone) cannot skip a step of a service sheet or a call
    by writing its status; the steps still work."""

    def test_sheet_status_changes_only_through_its_steps(self):
        sheet, _migration = self._create_luebtheen_2021()
        # signing a draft without council, resolution and signatory
        self.assertStateWriteRefused(sheet, self.account_manager, "signed", "Unterzeichnet")
        self._bring_to(sheet, "closed")
        # reopening a closed sheet
        self.assertStateWriteRefused(sheet, self.account_manager, "active", "In Kraft")
        self.assertStateCreateRefused(
            self.Sheet, self.account_manager,
            {"partner_id": self.traeger.id, "year": 2024, "state": "active"}, "In Kraft")

    def test_call_status_changes_only_through_its_steps(self):
        budget = self._budget()
        call = self._call(budget, 5000.0, "Server")
        # approving without signatory and budget check
        self.assertStateWriteRefused(call, self.account_manager, "approved", "Genehmigt")
        self.assertFalse(call.approved_by_id)
        self.assertEqual(budget.amount_consumed, 0.0)
        self.assertStateCreateRefused(
            self.Call, self.account_manager,
            {"budget_id": budget.id, "name": "Ohne Unterschrift", "amount": 10.0,
             "state": "approved"}, "Genehmigt")
        call.sudo(self.account_manager).write({"approved_by_id": self.mayor.id})
        call.sudo(self.account_manager).action_approve()
        self.assertEqual((call.state, call.approved_by_id), ("approved", self.mayor))
        call.sudo(self.account_manager).action_done()
        self.assertStateWriteRefused(call, self.account_manager, "invoiced", "Abgerechnet")
        self.assertEqual(call.state, "done")


class TestAllocationStateGuard(StateGuardAssertions, AllocationCase):
    """Quantity reports and cost pools change their status only through their steps:
    no confirmation by writing, no reopening of a locked pool's quantities."""

    @classmethod
    def setUpClass(cls):
        super(TestAllocationStateGuard, cls).setUpClass()
        cls.clerk = _staff(cls.env, "ksm-guard-clerk", "ksm_membership.group_ksm_user")
        cls.manager = _staff(cls.env, "ksm-guard-manager", "ksm_membership.group_ksm_manager")

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


class TestBillingStateGuard(StateGuardAssertions, InvoiceRunCase):
    """Invoice runs, their Träger lines, true-ups and maintenance contracts: the billing
    office and KSM staff change their status through their steps only."""

    @classmethod
    def setUpClass(cls):
        super(TestBillingStateGuard, cls).setUpClass()
        cls.billing = _staff(cls.env, "ksm-guard-billing", "ksm_membership.group_ksm_user",
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

    def test_true_up_status_changes_only_through_its_steps(self):
        true_up = self.env["ksm.true.up"].create({
            "partner_id": self.traeger.id, "year": YEAR, "company_id": self.company.id})
        # settling a true-up that was never computed nor invoiced
        self.assertStateWriteRefused(true_up, self.billing, "settled", "Ausgeglichen")
        true_up.sudo(self.billing).action_cancel()
        self.assertEqual(true_up.state, "cancel")

    def test_maintenance_contract_status_changes_only_through_its_steps(self):
        vendor = self.env["res.partner"].create({"name": "Softwarehaus", "is_company": True})
        contract = self.env["ksm.maintenance.contract"].create({
            "name": "Pflege Finanzverfahren", "partner_id": self.traeger.id,
            "vendor_id": vendor.id, "yearly_cost": 1200.0, "date_start": "2020-01-01",
            "date_end": "2026-12-31", "renewal_months": 12, "notice_period_months": 3})
        self.assertStateWriteRefused(contract, self.billing, "active", "Übernommen")
        contract.sudo(self.billing).action_take_over()
        self.assertEqual(contract.state, "active")
        self.assertStateWriteRefused(contract, self.billing, "review", "In Prüfung")
