from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tools import mute_logger

from .common import SchoolCase


class TestKsmFundingGrant(SchoolCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.programme = cls.env["ksm.funding.programme"].create({
            "name": "DigitalPakt Schule 2019–2024", "funding_quota": 90.0,
            "date_start": "2019-05-17", "date_end": "2024-05-16"})
        cls.grant = cls._grant("DPS-2021-1", 15000.0, 13500.0, 13500.0, 9000.0,
                               school=cls.school)
        cls.second_grant = cls._grant("DPS-2021-2", 8960.0, 8064.0, 4032.0, 0.0)

    @classmethod
    def _grant(cls, name, investment, approved, called, received, school=None,
               traeger=None):
        return cls.env["ksm.funding.grant"].create({
            "name": name, "programme_id": cls.programme.id,
            "partner_id": (traeger or cls.traeger).id,
            "school_id": school.id if school else False, "purpose": "Tafeln und WLAN",
            "investment_amount": investment, "approved_amount": approved,
            "called_amount": called, "received_amount": received})

    def test_own_share_and_funds_still_to_call(self):
        self.assertEqual(self.grant.own_share, 1500.0)
        self.assertEqual(self.grant.uncalled_amount, 0.0)
        self.assertEqual(self.second_grant.own_share, 896.0)
        self.assertEqual(self.second_grant.uncalled_amount, 4032.0)

    def test_programme_sums_its_grants(self):
        self._grant("DPS-2021-3", 1000.10, 900.09, 0.0, 0.0, traeger=self.other_traeger)
        self.assertAlmostEqual(self.programme.investment_total, 24960.10, places=2)
        self.assertAlmostEqual(self.programme.approved_total, 22464.09, places=2)
        self.assertAlmostEqual(self.programme.called_total, 17532.0, places=2)
        self.assertAlmostEqual(self.programme.received_total, 9000.0, places=2)
        self.assertAlmostEqual(self.programme.own_share_total, 2496.01, places=2)

    def test_sums_by_programme_and_traeger(self):
        self._grant("DPS-2021-3", 2000.0, 1800.0, 0.0, 0.0, traeger=self.other_traeger)
        groups = self.env["ksm.funding.grant"].read_group(
            [("programme_id", "=", self.programme.id)],
            ["partner_id", "investment_amount", "approved_amount", "own_share"],
            ["partner_id"])
        sums = {group["partner_id"][0]: (group["investment_amount"],
                                         group["approved_amount"], group["own_share"])
                for group in groups}
        self.assertEqual(sums[self.traeger.id], (23960.0, 21564.0, 2396.0))
        self.assertEqual(sums[self.other_traeger.id], (2000.0, 1800.0, 200.0))

    def test_approved_at_most_the_quota_of_the_investment(self):
        with self.assertRaises(ValidationError) as error, self.cr.savepoint():
            self.grant.with_context(lang="de_DE").approved_amount = 13501.0
        self.assertIn("13.501,00 €", error.exception.name)
        self.assertIn("13.500,00 €", error.exception.name)
        self.grant.invalidate_cache()
        self.assertEqual(self.grant.approved_amount, 13500.0, "nothing was changed")

    def test_called_at_most_approved(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.second_grant.called_amount = 8064.01
        self.second_grant.invalidate_cache()
        self.assertEqual(self.second_grant.called_amount, 4032.0)
        self.second_grant.called_amount = 8064.0
        self.assertEqual(self.second_grant.uncalled_amount, 0.0)

    def test_received_at_most_called(self):
        with self.assertRaises(ValidationError):
            self.second_grant.received_amount = 4032.01
        self.second_grant.received_amount = 4032.0
        self.assertEqual(self.second_grant.received_amount, 4032.0)

    def test_amounts_cannot_be_negative(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self._grant("DPS-neg", -1.0, 0.0, 0.0, 0.0)

    def test_quota_is_a_percentage(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self.programme.funding_quota = 120.0

    def test_programme_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError):
            self.programme.date_end = "2019-01-01"

    def test_school_of_the_grants_traeger(self):
        with self.assertRaises(ValidationError):
            self.grant.school_id = self.foreign_school

    def test_approved_amount_proposed_from_the_quota(self):
        grant = self.env["ksm.funding.grant"].new({
            "programme_id": self.programme.id, "investment_amount": 4480.0})
        grant._onchange_investment_amount()
        self.assertEqual(grant.approved_amount, 4032.0)
