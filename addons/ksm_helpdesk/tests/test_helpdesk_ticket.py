from odoo import fields
from odoo.exceptions import ValidationError

from .helpdesk_common import HelpdeskCase


class TestHelpdeskTicket(HelpdeskCase):
    """A ticket's Träger, service sheet line and team; its first response and resolution;
    the service level status; the escalation before a deadline passes."""

    def _answer(self, ticket, user, subtype="mail.mt_comment"):
        return ticket.sudo(user).message_post(
            body="Antwort", message_type="comment", subtype=subtype)

    # ------------------------------------------------------------------ Träger, sheet, team

    def test_traeger_of_staff_of_its_schools_and_of_nobody(self):
        self.assertEqual(self._ticket("2025-05-13 07:00:00").ksm_traeger_id, self.traeger)
        self.assertEqual(self._ticket("2025-05-13 07:00:00", partner=self.teacher.partner_id)
                         .ksm_traeger_id, self.traeger)
        self.assertEqual(self._ticket("2025-05-13 07:00:00", partner=self.stranger.partner_id)
                         .ksm_traeger_id, self.other_traeger)
        outsider = self.env["res.partner"].create({"name": "Firma Beispiel GmbH"})
        self.assertFalse(self._ticket("2025-05-13 07:00:00", partner=outsider).ksm_traeger_id)

    def _active_sheet(self, traeger, signatory):
        resolution = self.env["ksm.resolution"].create({
            "name": "SV-2024/99", "partner_id": traeger.id, "body": "stadtvertretung",
            "date": "2024-11-20", "subject": "Serviceschein 2025"})
        sheet = self.env["ksm.service.sheet"].create({
            "partner_id": traeger.id, "year": 2025, "line_ids": [(0, 0, {
                "product_id": self.project_service.id, "quantity": 10, "price_unit": 78.0})]})
        sheet.action_submit()
        sheet.resolution_id = resolution
        sheet.action_resolve()
        sheet.signed_by_id = signatory
        sheet.action_sign()
        sheet.action_activate()
        return sheet

    def test_service_on_the_sheet_in_force_finds_its_line(self):
        sheet = self._active_sheet(self.traeger, self.mayor.partner_id)
        ticket = self._ticket("2025-05-13 07:00:00")
        self.assertEqual(ticket.ksm_sheet_line_id, sheet.line_ids)
        foreign = self._ticket("2025-05-13 07:00:00", partner=self.stranger.partner_id)
        self.assertFalse(foreign.ksm_sheet_line_id)
        with self.assertRaises(ValidationError):
            foreign.ksm_sheet_line_id = sheet.line_ids

    def test_another_service_drops_the_line_that_no_longer_fits(self):
        sheet = self._active_sheet(self.traeger, self.mayor.partner_id)
        ticket = self._ticket("2025-05-13 07:00:00")
        self.assertEqual(ticket.ksm_sheet_line_id, sheet.line_ids)
        other = self.env["product.product"].create({
            "name": "Schulung (Test)", "type": "service", "ksm_is_catalogue": True,
            "ksm_category": "project"})
        ticket.ksm_service_id = other
        self.assertFalse(ticket.ksm_sheet_line_id)

    def test_ticket_without_team_goes_to_the_team_of_its_category(self):
        self.team.ksm_service_category = "project"
        ticket = self.Ticket.create({
            "name": "Ohne Team", "partner_id": self.clerk.partner_id.id,
            "ksm_service_id": self.project_service.id})
        self.assertEqual(ticket.team_id, self.team)
        without_service = self.Ticket.create({"name": "Ohne Leistung"})
        self.assertEqual(without_service.team_id,
                         self.env.ref("ksm_helpdesk.helpdesk_team_verwaltungs_it"))

    # ------------------------------------------------------------------ response, resolution

    def test_public_answer_of_ksm_is_the_first_response(self):
        ticket = self._ticket("2025-05-13 07:00:00")
        self._answer(ticket, self.clerk)  # the Träger writes again
        self._answer(ticket, self.agent, subtype="mail.mt_note")  # internal note
        self.assertFalse(ticket.ksm_first_response_at)
        message = self._answer(ticket, self.agent)
        self.assertEqual(ticket.ksm_first_response_at, message.date)
        self.assertFalse(ticket.ksm_response_met)  # long after 13.05.2025

    def test_attending_stage_is_a_response_and_a_closed_stage_resolves(self):
        ticket = self._ticket("2025-05-13 07:00:00")
        ticket.sudo(self.agent).stage_id = self.stage_progress
        self.assertTrue(ticket.ksm_first_response_at)
        self.assertFalse(ticket.ksm_resolved_at)
        ticket.sudo(self.agent).stage_id = self.stage_done
        self.assertTrue(ticket.ksm_resolved_at)
        ticket.sudo(self.agent).stage_id = self.stage_progress
        self.assertFalse(ticket.ksm_resolved_at, "reopened")

    def test_closing_by_the_traeger_is_no_response(self):
        ticket = self._ticket("2025-05-13 07:00:00")
        ticket.sudo().action_ksm_close_by_customer(self.stage_done, self.clerk.partner_id)
        self.assertTrue(ticket.ksm_resolved_at)
        self.assertFalse(ticket.ksm_first_response_at)
        self.assertIn(self.clerk.partner_id, ticket.message_ids.mapped("author_id"))

    def test_closing_by_the_traeger_before_an_answer_is_in_time_everywhere(self):
        """Closed by the Träger a minute after reporting: met on the ticket, in the
        report and on /my/sla alike (all read ksm_response_met)."""
        ticket = self._ticket(fields.Datetime.now())
        ticket.sudo().action_ksm_close_by_customer(self.stage_done, self.clerk.partner_id)
        self.assertTrue(ticket.ksm_closed_by_customer)
        self.assertEqual((ticket.ksm_response_met, ticket.ksm_resolution_met), (True, True))
        self.assertEqual(ticket.ksm_sla_status, "met")
        self.assertIn(ticket, self.Ticket.search([("ksm_sla_status", "=", "met")]))
        row = self.env["ksm.sla.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual((row.response_rate, row.resolution_rate), (100.0, 100.0))
        # reopened, the Träger's closing no longer counts
        ticket.sudo(self.agent).stage_id = self.stage_progress
        self.assertFalse(ticket.ksm_closed_by_customer)

    def test_closing_by_the_traeger_after_the_response_deadline_is_late(self):
        ticket = self._ticket("2025-05-13 07:00:00")  # respond by 09:00 that day
        ticket.sudo().action_ksm_close_by_customer(self.stage_done, self.clerk.partner_id)
        self.assertFalse(ticket.ksm_response_met)
        self.assertEqual(ticket.ksm_sla_status, "missed")
        row = self.env["ksm.sla.report"].search([("ticket_id", "=", ticket.id)])
        self.assertEqual(row.response_rate, 0.0)

    def test_met_flags_compare_with_the_deadlines(self):
        ticket = self._ticket("2025-05-13 07:00:00")  # respond by 09:00, resolve by 06:30
        self.assertEqual(ticket.ksm_resolution_deadline, "2025-05-14 06:30:00")
        ticket.write({"ksm_first_response_at": "2025-05-13 09:00:00",
                      "ksm_resolved_at": "2025-05-14 06:30:01"})
        self.assertTrue(ticket.ksm_response_met)
        self.assertFalse(ticket.ksm_resolution_met)

    # ------------------------------------------------------------------ status

    def test_status_and_its_search_agree(self):
        now = "2025-05-13 10:30:00"
        tickets = {
            # respond by 09:00 (missed), resolve by 15:00
            "overdue": self._ticket("2025-05-13 07:00:00"),
            # respond by 11:00, warned from 10:30
            "at_risk": self._ticket("2025-05-13 09:00:00"),
            # respond by 12:30
            "on_track": self._ticket("2025-05-13 10:30:00"),
            "met": self._ticket("2025-05-13 06:00:00",
                                ksm_first_response_at="2025-05-13 07:00:00",
                                ksm_resolved_at="2025-05-13 08:00:00"),
            "missed": self._ticket("2025-05-12 06:00:00",
                                   ksm_first_response_at="2025-05-12 07:00:00",
                                   ksm_resolved_at="2025-05-13 10:00:00"),
        }
        tickets["none"] = self.Ticket.create({"name": "Ohne Servicelevel"})
        tickets["none"].ksm_response_deadline = False
        ids = [ticket.id for ticket in tickets.values()]
        domains = self.Ticket._ksm_sla_status_domains(now)
        for status, ticket in tickets.items():
            self.assertEqual(ticket._ksm_sla_status_at(now), status)
            self.assertEqual(self.Ticket.search(domains[status] + [("id", "in", ids)]), ticket,
                             status)

    # ------------------------------------------------------------------ escalation

    def _activities(self, ticket):
        return self.env["mail.activity"].search([
            ("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket.id),
            ("activity_type_id", "=", self.env.ref(
                "ksm_helpdesk.mail_activity_type_sla_deadline").id)])

    def test_escalation_goes_to_the_assigned_user_once_per_deadline(self):
        ticket = self._ticket("2025-05-13 07:00:00", user_id=self.agent.id)
        self.Ticket._cron_ksm_escalate_sla()
        self.Ticket._cron_ksm_escalate_sla()
        activities = self._activities(ticket)
        self.assertEqual(len(activities), 2)
        self.assertEqual(activities.mapped("user_id"), self.agent)
        # in the user's language, times in Berlin: answer by 11:00, resolve by Wednesday
        # 08:30 (7 working hours on Tuesday from 09:00, 1 on Wednesday)
        self.assertEqual(sorted(activities.mapped("summary")), sorted([
            "Antwort auf %s bis 13.05.2025 11:00" % ticket.number,
            "%s lösen bis 14.05.2025 08:30" % ticket.number]))
        self.assertEqual(set(activities.mapped("date_deadline")), {"2025-05-13", "2025-05-14"})
        self.assertTrue(ticket.ksm_response_escalated and ticket.ksm_resolution_escalated)

    def test_escalation_of_an_unassigned_ticket_goes_to_the_team_leader(self):
        ticket = self._ticket("2025-05-13 07:00:00",
                              ksm_first_response_at="2025-05-13 08:00:00")
        self.Ticket._cron_ksm_escalate_sla()
        activities = self._activities(ticket)
        self.assertEqual(activities.mapped("user_id"), self.leader)
        self.assertEqual(len(activities), 1, "answered: only the resolution is escalated")

    def test_nobody_to_escalate_to_is_tried_again_later(self):
        self.team.ksm_leader_id = False
        ticket = self._ticket("2025-05-13 07:00:00")
        self.Ticket._cron_ksm_escalate_sla()
        self.assertFalse(self._activities(ticket))
        self.assertFalse(ticket.ksm_response_escalated)
        ticket.user_id = self.agent
        self.Ticket._cron_ksm_escalate_sla()
        self.assertEqual(len(self._activities(ticket)), 2)

    def test_no_escalation_before_the_warning_or_after_closing(self):
        fresh = self._ticket(fields.Datetime.now(), user_id=self.agent.id)
        closed = self._ticket("2025-05-13 07:00:00", user_id=self.agent.id,
                              stage_id=self.stage_done.id)
        self.Ticket._cron_ksm_escalate_sla()
        self.assertFalse(self._activities(fresh) | self._activities(closed))

    def test_changed_deadline_is_escalated_anew(self):
        ticket = self._ticket("2025-05-13 07:00:00", user_id=self.agent.id)
        self.Ticket._cron_ksm_escalate_sla()
        self.assertTrue(ticket.ksm_response_escalated)
        ticket.priority = "1"
        self.assertFalse(ticket.ksm_response_escalated)
