from odoo.exceptions import ValidationError

from .common import SchoolCase


class TestHelpdeskTicket(SchoolCase):

    def test_device_of_another_school_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.second_ticket.ksm_device_id = self.device
        self.second_ticket.invalidate_cache()
        self.assertFalse(self.second_ticket.ksm_device_id)

    def test_device_of_a_school_needs_that_school(self):
        with self.assertRaises(ValidationError):
            self.env["helpdesk.ticket"].create({
                "name": "Ohne Schule", "ksm_device_id": self.device.id})

    def test_administration_device_without_school(self):
        pc = self.env["ksm.device"].create({
            "name": "PC Bürgerbüro", "partner_id": self.traeger.id,
            "purchase_date": "2020-01-01"})
        ticket = self.env["helpdesk.ticket"].create({"name": "PC", "ksm_device_id": pc.id})
        self.assertEqual(ticket.ksm_device_id, pc)

    def test_onchanges_fill_school_and_team_and_clear_device(self):
        ticket = self.env["helpdesk.ticket"].new({
            "name": "Neu", "partner_id": self.school_user.partner_id.id})
        ticket._onchange_partner_id_ksm_school()
        self.assertEqual(ticket.ksm_school_id, self.school)
        ticket._onchange_ksm_school_id()
        self.assertEqual(ticket.team_id, self.team)
        ticket.ksm_device_id = self.device
        ticket.ksm_school_id = self.second_school
        ticket._onchange_ksm_school_id()
        self.assertFalse(ticket.ksm_device_id)
