from odoo import fields
from odoo.exceptions import AccessError

from .helpdesk_common import HelpdeskCase


class TestRoles(HelpdeskCase):
    """Roles within a Träger decide what its staff see in the portal: tickets for
    everybody of the Träger, nothing of another Träger, whoever follows what."""

    def _visible(self, user, record):
        return record.sudo(user).search([("id", "=", record.id)])

    def test_colleagues_see_each_others_tickets_and_nobody_else_does(self):
        ticket = self._ticket(fields.Datetime.now(), partner=self.clerk.partner_id)
        for user in (self.mayor, self.treasurer, self.clerk):
            self.assertEqual(self._visible(user, ticket), ticket)
        self.assertFalse(self._visible(self.stranger, ticket))
        self.assertFalse(self._visible(self.teacher, ticket), "the school sees its own only")

    def test_school_staff_see_their_own_tickets(self):
        ticket = self._ticket(fields.Datetime.now(), partner=self.teacher.partner_id)
        self.assertEqual(self._visible(self.teacher, ticket), ticket)
        self.assertEqual(self._visible(self.mayor, ticket), ticket, "and the Träger's staff")

    def test_following_another_traegers_ticket_shows_nothing(self):
        ticket = self._ticket(fields.Datetime.now(), partner=self.clerk.partner_id)
        ticket.message_subscribe(partner_ids=self.stranger.partner_id.ids)
        self.assertFalse(self._visible(self.stranger, ticket))
        with self.assertRaises(AccessError):
            ticket.sudo(self.stranger).read(["name"])

    def test_traeger_staff_answer_a_colleagues_ticket(self):
        ticket = self._ticket(fields.Datetime.now(), partner=self.clerk.partner_id)
        message = ticket.sudo(self.treasurer).message_post(
            body="Betrifft auch die Kämmerei.", message_type="comment",
            subtype="mail.mt_comment")
        self.assertEqual(message.author_id, self.treasurer.partner_id)
        ticket.message_subscribe(partner_ids=self.stranger.partner_id.ids)  # a follower
        with self.assertRaises(AccessError):
            ticket.sudo(self.stranger).message_post(
                body="Fremd", message_type="comment", subtype="mail.mt_comment")

    def test_compliance_report_of_the_own_traeger_only(self):
        own = self._ticket("2025-05-13 07:00:00")
        foreign = self._ticket("2025-05-13 07:00:00", partner=self.stranger.partner_id)
        Report = self.env["ksm.sla.report"]
        self.assertEqual(Report.sudo(self.clerk).search([]).mapped("ticket_id"), own)
        self.assertEqual(Report.sudo(self.stranger).search([]).mapped("ticket_id"), foreign)

    def test_staff_cannot_give_themselves_a_role(self):
        with self.assertRaises(AccessError):
            self.clerk.partner_id.sudo(self.clerk).write({"ksm_role_finance": True})
        with self.assertRaises(AccessError):
            self.clerk.sudo(self.clerk).write({"ksm_role_finance": True})
        self.assertFalse(self.clerk.partner_id.ksm_role_finance)

    def test_ksm_managers_manage_the_roles_on_the_traegers_contacts(self):
        Users = self.env["res.users"].with_context(no_reset_password=True)
        ksm_user = Users.create({
            "name": "KSM Sachbearbeitung", "login": "test-ksm-user",
            "groups_id": [(6, 0, [self.env.ref("ksm_base.group_ksm_user").id])]})
        ksm_manager = Users.create({
            "name": "KSM Leitung", "login": "test-ksm-manager", "lang": "de_DE",
            "email": "leitung@ksm.example",
            "groups_id": [(6, 0, [self.env.ref("ksm_base.group_ksm_manager").id])]})
        self.assertIn(self.clerk.partner_id, self.traeger.ksm_contact_ids)
        self.assertTrue(self.clerk.partner_id.ksm_has_portal_access)
        give_finance = {"ksm_contact_ids": [
            (1, self.clerk.partner_id.id, {"ksm_role_finance": True})]}
        with self.assertRaises(AccessError), self.cr.savepoint():
            self.traeger.sudo(ksm_user).write(give_finance)
        self.assertFalse(self.clerk.partner_id.ksm_role_finance)
        # the forms show the roles read-only to KSM users, editable to managers
        self.assertFalse(self.clerk.partner_id.sudo(ksm_user).ksm_may_change_roles)
        self.assertTrue(self.clerk.partner_id.sudo(ksm_manager).ksm_may_change_roles)
        self.clerk.partner_id.sudo(ksm_user).write({"function": "IT"})  # the rest: yes
        self.traeger.sudo(ksm_manager).write(give_finance)
        self.assertTrue(self.clerk.partner_id.ksm_role_finance)
        tracked = self.clerk.partner_id.message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "ksm_role_finance")
        self.assertEqual(len(tracked), 1)
        self.assertEqual((tracked.old_value_integer, tracked.new_value_integer), (0, 1))
