from .helpdesk_common import HelpdeskCase


class TestSlaReport(HelpdeskCase):
    """The compliance per ticket: rates of 100 (met), 0 (missed) or none (running)."""

    def _row(self, ticket):
        return self.env["ksm.sla.report"].search([("ticket_id", "=", ticket.id)])

    def test_rates_month_and_traeger(self):
        ticket = self._ticket("2025-05-13 07:00:00")  # respond by 09:00, resolve by 06:30 next day
        ticket.write({"ksm_first_response_at": "2025-05-13 08:59:00",
                      "ksm_resolved_at": "2025-05-15 10:00:00"})
        row = self._row(ticket)
        self.assertEqual((row.response_rate, row.resolution_rate), (100.0, 0.0))
        self.assertEqual(row.month, "2025-05-01")
        self.assertEqual(row.partner_id, self.traeger)
        self.assertEqual(row.category, "project")

    def test_month_of_the_report_in_berlin(self):
        # 31.05.2025 23:30 UTC is 01.06.2025 in Berlin
        self.assertEqual(self._row(self._ticket("2025-05-31 23:30:00")).month, "2025-06-01")

    def test_passed_deadline_without_answer_counts_as_missed(self):
        row = self._row(self._ticket("2025-05-13 07:00:00"))
        self.assertEqual((row.response_rate, row.resolution_rate), (0.0, 0.0))

    def test_running_deadlines_do_not_count_yet(self):
        ticket = self._ticket("2025-05-13 07:00:00")
        ticket.write({"ksm_response_deadline": "2999-01-01 00:00:00",
                      "ksm_resolution_deadline": "2999-01-01 00:00:00"})
        self.env.cr.execute("SELECT response_rate, resolution_rate FROM ksm_sla_report "
                            "WHERE ticket_id = %s", [ticket.id])
        self.assertEqual(self.env.cr.fetchall(), [(None, None)])
        # read_group answers False (not 0.0) for an average of nothing: the portal relies
        # on it to show "–" instead of 0 %
        groups = self.env["ksm.sla.report"].read_group(
            [("ticket_id", "=", ticket.id)], ["month", "ticket_count", "response_rate"],
            ["month:month"])
        self.assertEqual(groups[0]["ticket_count"], 1)
        self.assertIs(groups[0]["response_rate"], False)

    def test_tickets_without_service_level_are_left_out(self):
        ticket = self._ticket("2025-05-13 07:00:00")
        ticket.ksm_response_deadline = False
        self.assertFalse(self._row(ticket))
