from odoo.exceptions import AccessError

from .common import SchoolCase


class TestPortalAccess(SchoolCase):
    """What the record rules let portal users see: school staff their school, a
    Träger's staff all its schools, nobody another Träger's."""

    def _visible(self, user, model):
        return self.env[model].sudo(user).search([])

    def test_school_user_sees_own_school_only(self):
        user = self.school_user
        self.assertEqual(self._visible(user, "ksm.school"), self.school)
        self.assertEqual(self._visible(user, "ksm.device"), self.device)
        self.assertEqual(self._visible(user, "helpdesk.ticket"), self.ticket)

    def test_traeger_user_sees_all_schools_of_the_traeger(self):
        user = self.traeger_user
        self.assertEqual(self._visible(user, "ksm.school"), self.school | self.second_school)
        self.assertEqual(self._visible(user, "ksm.device"), self.device | self.second_device)
        self.assertEqual(self._visible(user, "helpdesk.ticket"),
                         self.ticket | self.second_ticket)

    def test_other_traeger_sees_none_of_ours(self):
        user = self.foreign_user
        self.assertEqual(self._visible(user, "ksm.school"), self.foreign_school)
        self.assertEqual(self._visible(user, "ksm.device"), self.foreign_device)
        self.assertEqual(self._visible(user, "helpdesk.ticket"), self.foreign_ticket)

    def test_reading_a_foreign_record_is_refused(self):
        for record in (self.second_school, self.second_device, self.second_ticket,
                       self.foreign_school, self.foreign_device):
            with self.assertRaises(AccessError):
                record.sudo(self.school_user).read(["name"])

    def test_administration_devices_stay_in_the_back_office(self):
        pc = self.env["ksm.device"].create({
            "name": "PC Bürgerbüro", "partner_id": self.traeger.id,
            "purchase_date": "2020-01-01"})
        self.assertNotIn(pc, self._visible(self.traeger_user, "ksm.device"))

    def test_portal_users_cannot_change_school_records(self):
        with self.assertRaises(AccessError):
            self.device.sudo(self.school_user).write({"location": "Keller"})
        with self.assertRaises(AccessError):
            self.env["helpdesk.ticket"].sudo(self.school_user).create({"name": "Direkt"})
