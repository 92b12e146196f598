from odoo.addons.ksm_membership.tests.state_guard_common import StateGuardAssertions

from .order_budget_common import OrderBudgetCase


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
