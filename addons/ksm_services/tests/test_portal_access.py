from odoo.exceptions import AccessError

from .common import KsmServicesCase


class TestPortalAccess(KsmServicesCase):
    """Record rules: a Träger's staff read their own sheets once they left draft."""

    @classmethod
    def setUpClass(cls):
        super(TestPortalAccess, cls).setUpClass()
        cls.portal_user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Ines Becker", "login": "ines.becker@test", "parent_id": cls.traeger.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})

    def test_portal_user_sees_own_traegers_sheets_from_submission_on(self):
        own_draft = self._create_sheet(2021, [(self.order_budget, {"price_unit": 10000.0})])
        own_submitted = self._create_sheet(2022, [(self.workplace, {"quantity": 3})])
        self._bring_to(own_submitted, "submitted")
        foreign = self._create_sheet(2021, [(self.workplace, {"quantity": 3})],
                                     partner=self.other_traeger)
        self._bring_to(foreign, "active")
        Sheet = self.Sheet.sudo(self.portal_user)
        visible = Sheet.search([])
        self.assertIn(own_submitted, visible)
        self.assertNotIn(own_draft, visible)
        self.assertNotIn(foreign, visible)
        self.assertEqual(self.Line.sudo(self.portal_user).search([]),
                         own_submitted.line_ids)
        for sheet in (own_draft, foreign):
            with self.assertRaises(AccessError):
                Sheet.browse(sheet.id).read(["amount_total"])
            with self.assertRaises(AccessError):
                self.Line.sudo(self.portal_user).browse(sheet.line_ids.ids).read(["subtotal"])
        self.assertEqual(Sheet.browse(own_submitted.id).amount_total, 3505.5)  # 3 x 1.168,50

    def test_portal_user_cannot_write(self):
        sheet = self._bring_to(self._create_sheet(2022, [(self.workplace, {"quantity": 3})]),
                               "resolved")
        with self.assertRaises(AccessError):
            self.Sheet.sudo(self.portal_user).browse(sheet.id).write({"signed_ip": "1.2.3.4"})
        self.assertFalse(sheet.signed_ip)
