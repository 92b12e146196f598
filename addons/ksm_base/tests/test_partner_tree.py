from .common import TraegerStaffCase


class TestPartnerTree(TraegerStaffCase):
    """``_ksm_child_of_ids`` finds what ``child_of`` finds, in one query."""

    def test_child_of_ids_are_those_of_the_child_of_operator(self):
        # a child_of leaf on another model stands for all descendants, archived ones
        # and theirs included (res.partner shows inactive children to child_of)
        Partner = self.env["res.partner"].with_context(active_test=False)
        archived = Partner.create({"name": "Früherer Mitarbeiter", "active": False,
                                   "parent_id": self.traeger.id})
        Partner.create({"name": "Unter dem Archivierten", "parent_id": archived.id})
        Partner.create({"name": "Hausmeister", "parent_id": self.school.id})
        for roots in (self.traeger, self.school, self.traeger | self.other_traeger,
                      self.mayor.partner_id, Partner):
            expected = Partner.search([("id", "child_of", roots.ids)]).ids if roots else []
            queries = self.cr.sql_log_count
            found = roots._ksm_child_of_ids()
            self.assertEqual(self.cr.sql_log_count - queries, 1 if roots else 0)
            self.assertEqual(sorted(found), sorted(expected), roots.mapped("name"))
        self.assertIn(archived.id, self.traeger._ksm_child_of_ids())
        self.assertIn(self.teacher.partner_id.id, self.traeger._ksm_child_of_ids())
        # a ticket-like domain on another model: the same records either way
        Users = self.env["res.users"].with_context(active_test=False)
        self.assertEqual(
            Users.search([("partner_id", "in", self.traeger._ksm_child_of_ids())]),
            Users.search([("partner_id", "child_of", self.traeger.id)]))
        self.assertNotIn(self.stranger.partner_id.id, self.traeger._ksm_child_of_ids())
