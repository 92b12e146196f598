import datetime

from odoo import fields
from odoo.tests.common import TransactionCase

from ..tools import easter_sunday, mv_public_holidays


class TestPublicHolidays(TransactionCase):
    """The public holidays of Mecklenburg-Vorpommern and the service hours' leaves."""

    def test_easter_sunday_of_known_years(self):
        known = {1954: (4, 18), 2000: (4, 23), 2019: (4, 21), 2021: (4, 4), 2024: (3, 31),
                 2025: (4, 20), 2038: (4, 25), 2285: (3, 22)}
        for year, (month, day) in known.items():
            self.assertEqual(easter_sunday(year), datetime.date(year, month, day), year)

    def test_holidays_of_2025(self):
        holidays = dict(mv_public_holidays(2025))
        self.assertEqual(sorted(holidays), [
            datetime.date(2025, 1, 1), datetime.date(2025, 3, 8), datetime.date(2025, 4, 18),
            datetime.date(2025, 4, 21), datetime.date(2025, 5, 1), datetime.date(2025, 5, 29),
            datetime.date(2025, 6, 9), datetime.date(2025, 10, 3), datetime.date(2025, 10, 31),
            datetime.date(2025, 12, 25), datetime.date(2025, 12, 26)])
        self.assertEqual(holidays[datetime.date(2025, 10, 31)], "Reformationstag")
        self.assertEqual(holidays[datetime.date(2025, 5, 29)], "Christi Himmelfahrt")

    def test_womens_day_is_a_holiday_since_2023(self):
        self.assertNotIn(datetime.date(2022, 3, 8), dict(mv_public_holidays(2022)))
        self.assertEqual(len(mv_public_holidays(2022)), 10)
        self.assertIn(datetime.date(2023, 3, 8), dict(mv_public_holidays(2023)))

    def test_holidays_become_whole_local_days_of_the_calendar_once(self):
        calendar = self.env["resource.calendar"].create({
            "name": "Servicezeiten Test", "ksm_tz": "Europe/Berlin",
            "ksm_mv_public_holidays": True})
        calendar.ksm_update_public_holidays([2025])
        calendar.ksm_update_public_holidays([2025])
        leaves = calendar.global_leave_ids
        self.assertEqual(len(leaves), 11)
        reformation = leaves.filtered(lambda leave: leave.name == "Reformationstag")
        # 31.10.2025 00:00 to 23:59:59 in Berlin, after the change to winter time
        self.assertEqual((reformation.date_from, reformation.date_to),
                         ("2025-10-30 23:00:00", "2025-10-31 22:59:59"))
        easter_monday = leaves.filtered(lambda leave: leave.name == "Ostermontag")
        self.assertEqual(easter_monday.date_from, "2025-04-20 22:00:00")  # summer time

    def test_cron_enters_this_and_next_year_for_marked_calendars(self):
        marked = self.env["resource.calendar"].create({
            "name": "Mit Feiertagen", "ksm_mv_public_holidays": True})
        unmarked = self.env["resource.calendar"].create({"name": "Ohne Feiertage"})
        self.env["resource.calendar"]._cron_ksm_update_public_holidays()
        this_year = int(fields.Date.context_today(marked)[:4])
        self.assertEqual(len(marked.global_leave_ids),
                         len(mv_public_holidays(this_year))
                         + len(mv_public_holidays(this_year + 1)))
        self.assertFalse(unmarked.global_leave_ids)
