from odoo.exceptions import ValidationError

from .common import ItOperationsCase


class TestApplication(ItOperationsCase):
    """A Träger's specialised applications and their maintenance contracts."""

    def setUp(self):
        super(TestApplication, self).setUp()
        self.vendor = self.env["res.partner"].create({
            "name": "HSH Soft- und Hardware Vertriebs GmbH", "is_company": True})
        self.application = self.env["ksm.application"].create({
            "name": "VOIS|MESO", "partner_id": self.traeger.id, "area": "residents",
            "vendor_id": self.vendor.id, "version": "2.4", "licence_count": 4})

    def _contract(self, partner, cost, state="active"):
        # contracts recorded in the state they have (taken over before Odoo)
        Contract = self.env["ksm.maintenance.contract"]
        return Contract._without_state_guard().create({
            "name": "Softwarepflege", "partner_id": partner.id, "vendor_id": self.vendor.id,
            "application_id": self.application.id, "yearly_cost": cost, "state": state})

    def test_yearly_maintenance_of_running_contracts(self):
        self._contract(self.traeger, 3480.0)
        self._contract(self.traeger, 1200.5, state="review")
        self._contract(self.traeger, 999.0, state="ended")
        self.assertEqual(self.application.yearly_maintenance_cost, 4680.5)
        self.assertEqual(self.application.display_name, "VOIS|MESO (Stadt Lübtheen)")

    def test_contract_of_another_traeger_cannot_name_the_application(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._contract(self.other_traeger, 100.0)
        self.assertFalse(self.env["ksm.maintenance.contract"].search(
            [("application_id", "=", self.application.id)]))
