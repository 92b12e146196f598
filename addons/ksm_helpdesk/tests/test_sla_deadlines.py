import datetime

from odoo.exceptions import UserError, ValidationError

from .helpdesk_common import HelpdeskCase


def utc(text):
    return datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S")


class TestSlaDeadlines(HelpdeskCase):
    """Deadlines in working hours of KSM's service hours (Mon-Thu 07:30-16:00, Fri
    07:30-13:00, Berlin) without the public holidays of Mecklenburg-Vorpommern.
    Times in the tests are UTC: Berlin is 2 hours ahead in summer, 1 in winter."""

    def plan(self, start, hours):
        return self.calendar.ksm_plan_working_hours(utc(start), hours)

    def test_within_a_working_day(self):
        # Tue 13.05.2025 09:00 Berlin + 2 h = 11:00 Berlin
        self.assertEqual(self.plan("2025-05-13 07:00:00", 2), utc("2025-05-13 09:00:00"))

    def test_hours_that_fill_the_day_end_with_it(self):
        # Thu 15.05.2025 14:00 Berlin + 2 h = 16:00 the same day, not the next morning
        self.assertEqual(self.plan("2025-05-15 12:00:00", 2), utc("2025-05-15 14:00:00"))

    def test_friday_noon_continues_on_monday(self):
        # Fri 09.05.2025 12:00 Berlin: 1 h until 13:00, 3 h from Mon 07:30 -> 10:30
        self.assertEqual(self.plan("2025-05-09 10:00:00", 4), utc("2025-05-12 08:30:00"))

    def test_report_at_the_weekend_counts_from_monday_morning(self):
        # Sat 10.05.2025: Mon 12.05. 07:30 + 8 h = 15:30 Berlin
        self.assertEqual(self.plan("2025-05-10 10:00:00", 8), utc("2025-05-12 13:30:00"))

    def test_maundy_thursday_afternoon_continues_after_easter_monday(self):
        # Thu 17.04.2025 15:00 Berlin: 1 h on Thursday; Good Friday, the weekend and
        # Easter Monday are free; 1 h on Tue 22.04. from 07:30 -> 08:30 Berlin
        self.assertEqual(self.plan("2025-04-17 13:00:00", 2), utc("2025-04-22 06:30:00"))

    def test_reformation_day_is_free(self):
        # Thu 30.10.2025 15:00 Berlin (winter time): 1 h Thursday, Fri 31.10. is
        # Reformationstag, 1 h on Mon 03.11. -> 08:30 Berlin = 07:30 UTC
        self.assertEqual(self.plan("2025-10-30 14:00:00", 2), utc("2025-11-03 07:30:00"))

    def test_calendar_without_working_time_is_refused(self):
        empty = self.env["resource.calendar"].create({
            "name": "Ohne Arbeitszeit", "attendance_ids": [(5, 0, 0)]})
        with self.assertRaises(UserError):
            empty.ksm_plan_working_hours(utc("2025-05-13 07:00:00"), 1)

    def test_ticket_gets_the_deadlines_of_its_category_and_priority(self):
        ticket = self._ticket("2025-04-17 13:00:00", priority="2")
        self.assertEqual(ticket.ksm_sla_target_id, self.high_target)
        self.assertEqual(ticket.ksm_response_deadline, "2025-04-22 06:30:00")
        # 8 h: 1 h Thursday, 7 h Tuesday from 07:30 -> 14:30 Berlin
        self.assertEqual(ticket.ksm_resolution_deadline, "2025-04-22 12:30:00")
        # escalation when 25 % are left: after 1.5 h and 6 h
        self.assertEqual(ticket.ksm_response_warning_at, "2025-04-22 06:00:00")
        self.assertEqual(ticket.ksm_resolution_warning_at, "2025-04-22 10:30:00")

    def test_category_without_own_target_takes_the_general_one(self):
        general = self.env.ref("ksm_helpdesk.sla_target_all_high")
        workplace = self.env["product.product"].create({
            "name": "Arbeitsplatz (Test)", "type": "service", "ksm_is_catalogue": True,
            "ksm_category": "operation"})
        ticket = self._ticket("2025-05-13 07:00:00", ksm_service_id=workplace.id)
        self.assertEqual(ticket.ksm_sla_target_id, general)
        self.assertEqual(ticket.ksm_response_deadline, "2025-05-13 %02d:00:00" % (
            7 + int(general.response_hours)))

    def test_new_priority_recomputes_the_deadlines_from_the_report(self):
        ticket = self._ticket("2025-05-13 07:00:00", priority="2")
        self.assertEqual(ticket.ksm_response_deadline, "2025-05-13 09:00:00")
        ticket.priority = "1"
        self.assertEqual(ticket.ksm_sla_target_id, self.medium_target)
        self.assertEqual(ticket.ksm_response_deadline, "2025-05-13 11:00:00")

    def test_no_target_no_deadlines(self):
        self.medium_target.active = False
        self.env.ref("ksm_helpdesk.sla_target_all_medium").active = False
        ticket = self._ticket("2025-05-13 07:00:00", priority="1")
        self.assertFalse(ticket.ksm_sla_target_id)
        self.assertFalse(ticket.ksm_response_deadline or ticket.ksm_resolution_deadline)
        self.assertEqual(ticket.ksm_sla_status, "none")

    def test_a_second_target_of_the_same_category_and_priority_is_refused(self):
        with self.assertRaises(ValidationError):
            self.env["ksm.sla.target"].create({
                "category": "project", "priority": "2", "response_hours": 1,
                "resolution_hours": 4})

    def test_helpdesk_and_service_levels_know_the_same_priorities(self):
        ticket_priorities = self.Ticket._fields["priority"].selection
        target_priorities = self.env["ksm.sla.target"]._fields["priority"].selection
        self.assertEqual([key for key, __ in ticket_priorities],
                         [key for key, __ in target_priorities])
