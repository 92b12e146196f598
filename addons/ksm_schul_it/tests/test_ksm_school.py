from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import SchoolCase


class TestKsmSchool(SchoolCase):

    def test_school_gets_a_contact_under_its_traeger_with_its_own_address(self):
        contact = self.school.school_partner_id
        self.assertEqual(contact.name, "Grundschule Am Markt")
        self.assertEqual(contact.parent_id, self.traeger)
        self.assertTrue(contact.is_company)
        self.assertEqual((contact.street, contact.city), ("Schulweg 1", "Musterhausen"),
                         "the school keeps its own address, not the Träger's")
        self.assertEqual(self.traeger.street, "Markt 1")
        self.assertEqual(contact.ksm_school_id, self.school)

    def test_staff_belong_to_their_school(self):
        staff = self.school_user.partner_id
        self.assertEqual(staff.commercial_partner_id, self.school.school_partner_id)
        self.assertEqual(staff.ksm_school_id, self.school)
        self.assertFalse(self.traeger_user.partner_id.ksm_school_id)
        self.school.write({"contact_ids": [(0, 0, {"name": "Hausmeister Schulz"})]})
        janitor = self.school.contact_ids.filtered(lambda p: p.name == "Hausmeister Schulz")
        self.assertEqual(janitor.parent_id, self.school.school_partner_id)
        self.assertEqual(janitor.ksm_school_id, self.school)

    def test_traeger_lists_its_schools(self):
        self.assertEqual(self.traeger.ksm_school_count, 2)
        action = self.traeger.action_view_ksm_schools()
        self.assertEqual(self.env["ksm.school"].search(action["domain"]),
                         self.school | self.second_school)

    def test_contact_follows_name_and_traeger_of_the_school(self):
        self.second_school.write({"name": "Regionale Schule „Am See“",
                                  "partner_id": self.other_traeger.id})
        contact = self.second_school.school_partner_id
        self.assertEqual(contact.name, "Regionale Schule „Am See“")
        self.assertEqual(contact.parent_id, self.other_traeger)

    def test_school_cannot_use_its_traeger_as_contact(self):
        with self.assertRaises(ValidationError):
            self.env["ksm.school"].create({
                "name": "Stadt Musterhausen", "partner_id": self.traeger.id,
                "school_partner_id": self.traeger.id, "school_type": "grundschule"})

    def test_school_number_is_unique(self):
        self.school.school_number = "75001"
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self.second_school.school_number = "75001"

    def test_counts_cannot_be_negative(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self.school.pupil_count = -1

    def test_device_counts(self):
        self._device("Notebook neu", self.school, "2024-08-01")
        self.assertEqual(self.school.device_count, 2)
        self.assertEqual(self.school.device_due_count, 1,
                         "the notebook of 2015 is due, the one of 2024 is not")
        self.assertEqual(self.school.ticket_count, 1)

    def test_device_counts_of_several_schools_at_once(self):
        """A list computes the counts of all its schools together: each gets its own,
        as the Träger's portal user sees them."""
        self._device("PC Sekretariat", self.second_school, "2024-08-01")
        self._device("PC Lehrerzimmer", self.second_school, "2014-08-01")
        self._device("Beamer", self.second_school, "2024-09-01").active = False
        schools = self.env["ksm.school"].sudo(self.traeger_user).search(
            [("id", "in", (self.school | self.second_school).ids)], order="id")
        self.assertEqual([(s.device_count, s.device_due_count, s.ticket_count)
                          for s in schools], [(1, 1, 1), (3, 2, 1)],
                         "archived devices do not count; the server of 2019 and the PC "
                         "of 2014 are due")

    def test_device_must_stand_in_a_school_of_its_traeger(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.device.school_id = self.foreign_school
        self.device.invalidate_cache()
        self.assertEqual(self.device.school_id, self.school)

    def test_device_funded_by_a_grant_of_its_traeger(self):
        programme = self.env["ksm.funding.programme"].create({
            "name": "DigitalPakt Schule", "funding_quota": 90.0})
        grant = self.env["ksm.funding.grant"].create({
            "name": "DPS-1", "programme_id": programme.id,
            "partner_id": self.other_traeger.id, "purpose": "Tafeln",
            "investment_amount": 1000.0})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.device.write({"grant_id": grant.id, "funding_source": "grant"})
        grant.partner_id = self.traeger
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.device.write({"grant_id": grant.id, "funding_source": "own"})
        self.device.write({"grant_id": grant.id, "funding_source": "grant"})
        self.assertEqual(grant.device_ids, self.device)

    def test_view_actions_show_the_school_records(self):
        action = self.school.action_view_devices()
        self.assertEqual(self.env["ksm.device"].search(action["domain"]), self.device)
        action = self.school.action_view_tickets()
        self.assertEqual(self.env["helpdesk.ticket"].search(action["domain"]), self.ticket)
