from .common import TraegerStaffCase


class TestPortalRolePolicy(TraegerStaffCase):
    """What a contact may do in the portal follows from its roles within its Träger."""

    def test_portal_actions_by_role(self):
        def may(user, action):
            return user.partner_id.ksm_portal_may(action)

        self.assertTrue(may(self.mayor, "accept_sheets") and may(self.mayor, "approve_calls"))
        self.assertFalse(may(self.treasurer, "accept_sheets"))
        self.assertFalse(may(self.clerk, "approve_calls"))
        self.assertTrue(may(self.mayor, "invoices") and may(self.treasurer, "invoices"))
        self.assertFalse(may(self.clerk, "invoices"))
        self.assertFalse(may(self.teacher, "invoices"), "a school's staff belong to its Träger")
        for user in (self.mayor, self.treasurer, self.clerk, self.teacher):
            self.assertTrue(may(user, "tickets"))
        customer = self.env["res.partner"].create({
            "name": "Buchhaltung", "parent_id": self.env["res.partner"].create({
                "name": "Zweckverband Wasser", "is_company": True}).id})
        self.assertTrue(customer.ksm_portal_may("invoices"),
                        "roles restrict the staff of a Träger only")
