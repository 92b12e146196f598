from odoo.addons.ksm_membership.tests.state_guard_common import StateGuardAssertions, staff_user

from .common import ItOperationsCase


class TestMaintenanceContractStateGuard(StateGuardAssertions, ItOperationsCase):
    """Maintenance contracts change their status through their steps only."""

    @classmethod
    def setUpClass(cls):
        super(TestMaintenanceContractStateGuard, cls).setUpClass()
        cls.billing = staff_user(cls.env, "ksm-guard-billing", "ksm_base.group_ksm_user",
                             "account.group_account_invoice")

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
