"""When services are due and how their amounts are split: exact to the cent."""
import unittest
from datetime import date


from ..tools.invoice_schedule import (billing_periods, due_parts, run_period, schedule,
                                      split_cents)


class TestInvoiceSchedule(unittest.TestCase):

    def test_run_periods(self):
        self.assertEqual(run_period("month", 2024, 2), (date(2024, 2, 1), date(2024, 2, 29)))
        self.assertEqual(run_period("quarter", 2025, 4),
                         (date(2025, 10, 1), date(2025, 12, 31)))
        self.assertEqual(run_period("year", 2025), (date(2025, 1, 1), date(2025, 12, 31)))
        with self.assertRaises(ValueError):
            run_period("quarter", 2025, 5)

    def test_billing_periods_follow_the_calendar_within_the_service_period(self):
        self.assertEqual(billing_periods(date(2025, 2, 1), date(2025, 11, 30), "quarterly"), [
            (date(2025, 2, 1), date(2025, 3, 31), 2),
            (date(2025, 4, 1), date(2025, 6, 30), 3),
            (date(2025, 7, 1), date(2025, 9, 30), 3),
            (date(2025, 10, 1), date(2025, 11, 30), 2)])
        self.assertEqual(billing_periods(date(2025, 3, 1), date(2025, 8, 31), "yearly"),
                         [(date(2025, 3, 1), date(2025, 8, 31), 6)])
        monthly = billing_periods(date(2025, 1, 1), date(2025, 12, 31), "monthly")
        self.assertEqual(len(monthly), 12)
        self.assertEqual(monthly[1], (date(2025, 2, 1), date(2025, 2, 28), 1))
        self.assertEqual(billing_periods(date(2025, 3, 10), date(2025, 5, 20), "once"),
                         [(date(2025, 3, 10), date(2025, 5, 20), 1)])

    def test_split_is_exact_and_fair(self):
        self.assertEqual(split_cents(100000, [1] * 12), [8334] * 4 + [8333] * 8)
        self.assertEqual(split_cents(100, [2, 3, 3, 3]), [18, 28, 27, 27])
        self.assertEqual(split_cents(0, [1, 1]), [0, 0])
        with self.assertRaises(ValueError):
            split_cents(-1, [1])

    def test_a_year_of_parts_adds_up_to_the_subtotal_for_every_rhythm(self):
        for total in (1, 99, 100000, 130872001, 2663999, 7):
            for rhythm in ("monthly", "quarterly", "yearly", "once"):
                for start, end in ((date(2025, 1, 1), date(2025, 12, 31)),
                                   (date(2025, 2, 1), date(2025, 10, 31))):
                    parts = schedule(start, end, rhythm, total)
                    self.assertEqual(sum(cents for __, __, cents in parts), total,
                                     (total, rhythm, start, end))
            months = [cents for __, __, cents in
                      schedule(date(2025, 1, 1), date(2025, 12, 31), "monthly", total)]
            self.assertLessEqual(max(months) - min(months), 1, total)

    def test_parts_are_due_from_their_first_day(self):
        start, end = date(2025, 1, 1), date(2025, 12, 31)
        self.assertEqual(len(due_parts(start, end, "monthly", 120000, date(2025, 3, 31))), 3)
        self.assertEqual(due_parts(start, end, "yearly", 120000, date(2025, 1, 31)),
                         [(start, end, 120000)])
        self.assertEqual(due_parts(date(2025, 7, 1), end, "yearly", 5000, date(2025, 6, 30)),
                         [])
        self.assertEqual(len(due_parts(start, end, "quarterly", 400, date(2025, 4, 1))), 2)
