from odoo.tests.common import TransactionCase


class TestParentPath(TransactionCase):
    """The stored path stands for ``child_of``: in the rules and in ``_child_of_ids``."""

    def setUp(self):
        super(TestParentPath, self).setUp()
        Partner = self.env["res.partner"].with_context(active_test=False)
        self.Partner = Partner
        self.customer = Partner.create({"name": "Kunde A", "is_company": True})
        self.branch = Partner.create({"name": "Schule A", "is_company": True,
                                      "parent_id": self.customer.id})
        self.staff = Partner.create({"name": "Lehrerin", "parent_id": self.branch.id})
        self.archived = Partner.create({"name": "Früherer Mitarbeiter", "active": False,
                                        "parent_id": self.customer.id})
        self.under_archived = Partner.create({"name": "Unter dem Archivierten",
                                              "parent_id": self.archived.id})
        self.other = Partner.create({"name": "Kunde B", "is_company": True})
        self.other_staff = Partner.create({"name": "Kämmerer B", "parent_id": self.other.id})
        portal = self.env.ref("base.group_portal")
        Users = self.env["res.users"].with_context(no_reset_password=True)
        self.user = Users.create({"name": "Portal A", "login": "path-a",
                                  "parent_id": self.customer.id,
                                  "groups_id": [(6, 0, [portal.id])]})
        self.school_user = Users.create({"name": "Portal Schule", "login": "path-school",
                                         "parent_id": self.branch.id,
                                         "groups_id": [(6, 0, [portal.id])]})

    def test_path_from_the_root(self):
        self.assertEqual(self.staff.parent_path, "%d/%d/%d/" % (
            self.customer.id, self.branch.id, self.staff.id))
        self.assertEqual(self.other.parent_path, "%d/" % self.other.id)

    def test_child_of_ids_are_the_subtree_in_one_query(self):
        for roots in (self.customer, self.branch, self.customer | self.other, self.staff):
            expected = set(self.Partner.search([("id", "child_of", roots.ids)]).ids) | set(
                (self.archived | self.under_archived).ids if self.customer in roots else [])
            queries = self.cr.sql_log_count
            found = roots._child_of_ids()
            self.assertEqual(self.cr.sql_log_count - queries, 1)
            self.assertEqual(set(found), expected, roots.mapped("name"))
        self.assertEqual(self.Partner.browse()._child_of_ids(), [])

    def test_a_moved_partner_takes_its_descendants_along(self):
        self.branch.parent_id = self.other
        self.assertEqual(self.staff.parent_path, "%d/%d/%d/" % (
            self.other.id, self.branch.id, self.staff.id))
        self.assertIn(self.staff.id, self.other._child_of_ids())
        self.assertNotIn(self.staff.id, self.customer._child_of_ids())
        self.assertFalse(self.Partner.sudo(self.user).search([("id", "=", self.staff.id)]))

    def test_the_rules_follow_a_moved_company_at_once(self):
        """The rules' domains hold the user's path, evaluated and cached: moving the
        user's company clears them (a stale path would hide the own partners)."""
        Partner = self.Partner.sudo(self.user)
        self.assertIn(self.staff, Partner.search([]))
        self.customer.parent_id = self.other
        self.assertEqual(self.customer.parent_path, "%d/%d/" % (self.other.id,
                                                                self.customer.id))
        seen = Partner.search([])
        self.assertIn(self.staff, seen)
        self.assertFalse(seen & (self.other | self.other_staff))

    def test_portal_rules_read_the_own_subtree_only(self):
        """Odoo's partner rule and this module's user rule, on the path: the user's
        company and everything under it, nothing of the other customer (other modules'
        rules may add partners, e.g. employees, but never the other customer's)."""
        Partner = self.env["res.partner"].with_context(active_test=False)
        tree = Partner.search([("id", "child_of", self.customer.id)])
        seen = Partner.sudo(self.user).search([])
        self.assertEqual(seen & (tree | self.archived | self.under_archived),
                         tree | self.archived | self.under_archived)
        self.assertFalse(seen & (self.other | self.other_staff))
        school_seen = Partner.sudo(self.school_user).search([])
        self.assertIn(self.staff, school_seen)
        self.assertFalse(school_seen & (self.customer | self.archived | self.other))
        Users = self.env["res.users"].with_context(active_test=False)
        self.assertIn(self.school_user, Users.sudo(self.user).search([]))
        self.assertNotIn(self.user, Users.sudo(self.school_user).search([]))

    def test_followers_child_of_on_the_path(self):
        """Odoo's portal rules of invoices and projects search their followers with
        child_of: the documents followed by anybody of the subtree, in one query."""
        followed = self.Partner.create({"name": "Dokument"})
        followed.message_subscribe(partner_ids=[self.staff.id])
        self.other_staff.message_subscribe(partner_ids=[self.other_staff.id])
        Partner = self.Partner
        for root in (self.customer, self.branch):
            found = Partner.search([("message_partner_ids", "child_of", root.id)])
            self.assertIn(followed, found)
            self.assertNotIn(self.other_staff, found)
            self.assertEqual(found, Partner.search([
                ("message_partner_ids", "in", root._child_of_ids())]))
        self.assertFalse(Partner.search([("message_partner_ids", "child_of",
                                          [self.other.id])]) & followed)
