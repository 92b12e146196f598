from datetime import date

from dateutil.relativedelta import relativedelta
from psycopg2 import IntegrityError

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase
from odoo.tools import mute_logger

# the date the 2022 sheet plans replacements for
REFERENCE = "2022-01-01"


class TestKsmDevice(SavepointCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.ksm_device_replacement_years = 6
        cls.traeger = cls.env["res.partner"].create({
            "name": "Stadt Musterhausen", "is_company": True, "ksm_is_traeger": True})
        cls.other_traeger = cls.env["res.partner"].create({
            "name": "Amt Beispielland", "is_company": True, "ksm_is_traeger": True})
        cls.old_notebook = cls._device("Notebook alt", "2014-11-15", 1100.0, "SN-OLD")
        cls.new_notebook = cls._device("Notebook neu", "2018-10-01", 1250.0, "SN-NEW")

    @classmethod
    def _device(cls, name, purchase_date, value, serial=False, **values):
        values.update({
            "name": name, "partner_id": values.get("partner_id", cls.traeger.id),
            "kind": "notebook", "purchase_date": purchase_date,
            "purchase_value": value, "serial": serial})
        return cls.env["ksm.device"].create(values)

    def test_age_at_a_reference_date(self):
        self.assertEqual(self.old_notebook._age_at(REFERENCE), 7)
        self.assertEqual(self.new_notebook._age_at(REFERENCE), 3)
        self.assertEqual(self.new_notebook._age_at(date(2018, 9, 30)), 0,
                         "before its purchase a device has no age")

    def test_seven_year_old_notebook_is_due_three_year_old_is_not(self):
        self.assertEqual(self.old_notebook.service_life_end, "2020-11-15")
        self.assertTrue(self.old_notebook._is_replacement_due_at(REFERENCE))
        self.assertFalse(self.new_notebook._is_replacement_due_at(REFERENCE))
        due = self.env["ksm.device"].search(
            self.env["ksm.device"]._replacement_due_domain(REFERENCE)
            + [("partner_id", "=", self.traeger.id)])
        self.assertEqual(due, self.old_notebook)

    def test_due_only_when_older_than_the_service_life(self):
        exactly_six = self._device("PC", "2016-01-01", 700.0)
        self.assertFalse(exactly_six._is_replacement_due_at("2022-01-01"),
                         "on its 6th anniversary a PC is 6 years old, not older")
        self.assertTrue(exactly_six._is_replacement_due_at("2022-01-02"))

    def test_service_life_follows_the_company_setting(self):
        self.company.ksm_device_replacement_years = 3
        self.assertEqual(self.new_notebook.service_life_end, "2021-10-01")
        self.assertTrue(self.new_notebook._is_replacement_due_at(REFERENCE))
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self.company.ksm_device_replacement_years = 0

    def test_replacement_due_today_is_searchable(self):
        today = date.today()
        aged = self._device("Notebook 7 Jahre", fields.Date.to_string(
            today - relativedelta(years=7)), 900.0)
        young = self._device("Notebook 3 Jahre", fields.Date.to_string(
            today - relativedelta(years=3)), 900.0)
        self.assertTrue(aged.replacement_due)
        self.assertFalse(young.replacement_due)
        self.assertEqual(aged.age_years, 7)
        mine = [("partner_id", "=", self.traeger.id)]
        due = self.env["ksm.device"].search(mine + [("replacement_due", "=", True)])
        not_due = self.env["ksm.device"].search(mine + [("replacement_due", "=", False)])
        self.assertIn(aged, due)
        self.assertNotIn(young, due)
        self.assertIn(young, not_due)
        self.assertNotIn(aged, not_due)

    def test_replacement_cost_from_catalogue_else_purchase_value(self):
        self.assertEqual(self.old_notebook.replacement_cost, 1100.0)
        product = self.env["product.product"].create({
            "name": "Notebook Standardarbeitsplatz", "type": "service",
            "list_price": 1349.0})
        self.old_notebook.replacement_product_id = product
        self.assertEqual(self.old_notebook.replacement_cost, 1349.0)
        product.list_price = 1399.0
        self.assertEqual(self.old_notebook.replacement_cost, 1399.0,
                         "a new catalogue price is the new replacement cost")

    def test_replacement_cost_is_the_latest_catalogue_price(self):
        service = self.env["product.product"].create({
            "name": "Ersatz PC/Notebook", "type": "service", "ksm_is_catalogue": True,
            "ksm_category": "investment", "ksm_billing_rhythm": "once",
            "ksm_price_ids": [(0, 0, {"year": 2021, "price": 980.0}),
                              (0, 0, {"year": 2022, "price": 1004.5})]})
        self.old_notebook.replacement_product_id = service
        self.assertEqual(self.old_notebook.replacement_cost, 1004.5)
        self.env["ksm.service.price"].create({
            "product_tmpl_id": service.product_tmpl_id.id, "year": 2023, "price": 1030.0})
        self.assertEqual(self.old_notebook.replacement_cost, 1030.0,
                         "the price of a new catalogue year is the new replacement cost")

    def test_replacement_cost_estimate_is_kept(self):
        self.new_notebook.replacement_cost = 1500.0
        self.assertEqual(self.new_notebook.replacement_cost, 1500.0)
        self.new_notebook.invalidate_cache()
        self.assertEqual(self.new_notebook.replacement_cost, 1500.0)
        created = self._device("Tafel", "2020-08-01", 3000.0, replacement_cost=4500.0)
        self.assertEqual(created.replacement_cost, 4500.0)

    def test_serial_is_unique_per_traeger(self):
        self._device("Gleiche Nummer, anderer Träger", "2020-01-01", 500.0, "SN-OLD",
                     partner_id=self.other_traeger.id)
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self._device("Doppelt", "2020-01-01", 500.0, "SN-OLD")

    def test_negative_amounts_are_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.cr.savepoint():
            self._device("Negativ", "2020-01-01", -1.0)

    def test_warranty_cannot_end_before_purchase(self):
        with self.assertRaises(ValidationError):
            self.new_notebook.warranty_end = "2018-09-30"
        self.new_notebook.warranty_end = "2021-10-01"
        self.assertEqual(self.new_notebook.warranty_end, "2021-10-01")

    def test_found_by_serial(self):
        found = self.env["ksm.device"].name_search("SN-NEW")
        self.assertEqual([device_id for device_id, _name in found], [self.new_notebook.id])
        self.assertEqual(found[0][1], "Notebook neu (SN-NEW)")

    def test_next_planning_date_is_first_of_january(self):
        self.assertEqual(self.env["ksm.device"]._next_planning_date(),
                         date(date.today().year + 1, 1, 1))
