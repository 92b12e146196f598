from odoo.exceptions import AccessError
from odoo.tests.common import SavepointCase


class TestPortalAccess(SavepointCase):
    """A Träger's portal user reads its own Träger's membership records only
    (record rules), and writes none."""

    @classmethod
    def setUpClass(cls):
        super(TestPortalAccess, cls).setUpClass()
        cls.luebtheen = cls.env.ref("ksm_membership.partner_luebtheen")
        cls.schwerin = cls.env.ref("ksm_membership.partner_schwerin")
        cls.portal_user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Paula Portal", "login": "ksm-test-portal-luebtheen",
            "parent_id": cls.luebtheen.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})
        cls.env = cls.env(user=cls.portal_user)
        cls.own_membership = cls.env.ref("ksm_membership.membership_luebtheen")
        cls.foreign_membership = cls.env.ref("ksm_membership.membership_schwerin")

    def test_memberships(self):
        visible = self.env["ksm.membership"].search([])
        self.assertEqual(visible.mapped("partner_id"), self.luebtheen)
        self.assertEqual(self.own_membership.capital_amount, 500.0)
        with self.assertRaises(AccessError):
            self.foreign_membership.read(["capital_amount"])
        with self.assertRaises(AccessError):
            self.own_membership.write({"capital_amount": 1.0})

    def test_resolutions(self):
        visible = self.env["ksm.resolution"].search([])
        self.assertTrue(visible)
        self.assertEqual(visible.mapped("partner_id"), self.luebtheen)
        foreign = self.env.ref("ksm_membership.resolution_schwerin_consent_2021")
        with self.assertRaises(AccessError):
            foreign.read(["subject"])

    def test_task_transfers(self):
        visible = self.env["ksm.task.transfer"].search([])
        self.assertTrue(visible)
        self.assertEqual(visible.mapped("partner_id"), self.luebtheen)
        with self.assertRaises(AccessError):
            self.env.ref("ksm_membership.task_transfer_schwerin_it").read(["date_from"])

    def test_document_versions_accepted_by_the_own_traeger(self):
        visible = self.env["ksm.document.version"].search([])
        self.assertEqual(visible, self.env.ref("ksm_membership.document_statute_2021")
                         | self.env.ref("ksm_membership.document_contract_2021")
                         | self.env.ref("ksm_membership.document_allocation_rules_2021"))
        with self.assertRaises(AccessError):
            self.env.ref("ksm_membership.document_contract_2013").read(["file_clean"])

    def test_consents_are_back_office_only(self):
        with self.assertRaises(AccessError):
            self.env["ksm.consent"].search([])

    def test_task_catalogue_is_readable(self):
        self.assertEqual(len(self.env["ksm.task"].search([])), 7)
