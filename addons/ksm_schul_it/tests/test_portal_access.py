from odoo.exceptions import AccessError

from .common import SchoolCase, SchoolSheetCase


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


class TestPortalAccessToSheets(SchoolSheetCase):
    """School staff see their school's lines of the Träger's sheets past the draft,
    and their school's grants; never the whole sheet, nor another Träger's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sheet = cls._sheet(lines=[
            (cls.care, {"quantity": 30, "ksm_school_id": cls.school.id}),
            (cls.care, {"quantity": 50, "ksm_school_id": cls.second_school.id}),
            (cls.care, {"quantity": 5})])
        cls.sheet.action_submit()
        cls.draft = cls._sheet(2022, [(cls.care, {"ksm_school_id": cls.school.id})])
        cls.foreign_sheet = cls._sheet(partner=cls.other_traeger, lines=[
            (cls.care, {"ksm_school_id": cls.foreign_school.id})])
        cls.foreign_sheet.action_submit()
        cls.foreign_grant = cls._grant("DPS-BL-1", cls.foreign_school, 4480.0, 4032.0)

    def _visible(self, user, model):
        return self.env[model].sudo(user).search([])

    def _lines(self, sheet, school):
        return sheet.line_ids.filtered(lambda line: line.ksm_school_id == school)

    def test_school_user_sees_own_school_lines_only(self):
        lines = self._visible(self.school_user, "ksm.service.sheet.line")
        self.assertEqual(lines, self._lines(self.sheet, self.school))
        self.assertEqual(lines.subtotal, 3000.0)
        self.assertFalse(self._visible(self.school_user, "ksm.service.sheet"),
                         "the sheet shows all schools")
        with self.assertRaises(AccessError):
            self.sheet.sudo(self.school_user).read(["amount_total"])

    def test_traeger_user_sees_all_lines_of_its_sheets(self):
        self.assertEqual(self._visible(self.traeger_user, "ksm.service.sheet.line"),
                         self.sheet.line_ids)
        self.assertEqual(self._visible(self.traeger_user, "ksm.service.sheet"), self.sheet)

    def test_other_traeger_sees_none_of_ours(self):
        self.assertEqual(self._visible(self.foreign_user, "ksm.service.sheet.line"),
                         self.foreign_sheet.line_ids)
        with self.assertRaises(AccessError):
            self._lines(self.sheet, self.school).sudo(self.foreign_user).read(["name"])

    def test_grants_of_own_school_or_traeger(self):
        self.assertEqual(self._visible(self.school_user, "ksm.funding.grant"), self.grant)
        self.assertEqual(self._visible(self.traeger_user, "ksm.funding.grant"),
                         self.grant | self.second_grant)
        self.assertEqual(self._visible(self.foreign_user, "ksm.funding.grant"),
                         self.foreign_grant)
        with self.assertRaises(AccessError):
            self.second_grant.sudo(self.school_user).read(["approved_amount"])
        programme = self._visible(self.school_user, "ksm.funding.programme")
        self.assertEqual(programme, self.programme)
        self.assertEqual(programme.approved_total, 8064.0,
                         "a programme's totals count the grants the user may see")
