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

    def test_the_traeger_of_a_contact(self):
        partners = self.teacher.partner_id | self.treasurer.partner_id | self.school
        self.assertEqual(self.teacher.partner_id.ksm_traeger(), self.traeger,
                         "a school's staff belong to the school's Träger")
        self.assertEqual(partners.ksm_traeger(), self.traeger)
        self.assertEqual(self.stranger.partner_id.ksm_traeger(), self.other_traeger)
        self.assertEqual(self.traeger.ksm_traeger(), self.traeger)
        outsider = self.env["res.partner"].create({"name": "Softwarehaus GmbH"})
        self.assertFalse(outsider.ksm_traeger())

    def test_the_portal_pages_are_those_of_the_own_company(self):
        self.assertEqual(self.treasurer.partner_id.ksm_acting_for_traeger(), self.traeger)
        self.assertFalse(self.teacher.partner_id.ksm_acting_for_traeger(),
                         "a school's staff act for their school")
