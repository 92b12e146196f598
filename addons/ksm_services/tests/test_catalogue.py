from odoo.exceptions import UserError, ValidationError

from .common import KsmServicesCase


class TestCatalogue(KsmServicesCase):

    def _derive(self, year, percentage, **values):
        wizard = self.env["ksm.service.price.derive"].create(
            dict(values, year=year, percentage=percentage))
        return wizard.action_derive()

    def test_budget_type_follows_the_category(self):
        self.assertEqual(self.workplace.ksm_budget_type, "expense")
        self.assertEqual(self.reserve.ksm_budget_type, "investment")
        device = self._create_service("Schulgerät (Test)", "school_it", "once")
        self.assertEqual(device.ksm_budget_type, "expense")
        device.ksm_budget_type = "investment"  # school IT has both
        self.assertEqual(device.ksm_budget_type, "investment")

    def test_catalogue_service_needs_a_category(self):
        with self.assertRaisesRegex(ValidationError, "Ohne Kategorie"), self.cr.savepoint():
            self.env["product.product"].create({"name": "Ohne Kategorie",
                                                "ksm_is_catalogue": True})

    def test_one_price_per_service_and_year(self):
        with self.assertRaises(Exception), self.cr.savepoint():
            self.env["ksm.service.price"].create({
                "product_tmpl_id": self.workplace.product_tmpl_id.id, "year": 2021,
                "price": 1.0})

    def test_next_years_prices_are_derived_and_rounded_to_the_cent(self):
        odd = self._create_service("Krummer Preis (Test)", "operation", "yearly",
                                   {2023: 333.33})
        action = self._derive(2023, 1.5, product_tmpl_ids=[
            (6, 0, [odd.product_tmpl_id.id, self.workplace.product_tmpl_id.id])])
        self.assertEqual(odd.product_tmpl_id.ksm_price_for_year(2024).price, 338.33)
        self.assertFalse(self.workplace.product_tmpl_id.ksm_price_for_year(2024))  # no 2023
        self.assertIn(("year", "=", 2024), action["domain"])

    def test_derived_prices_do_not_overwrite_entered_ones_unless_asked(self):
        template = self.workplace.product_tmpl_id
        self.assertEqual(template.ksm_price_for_year(2022).price, 1168.5)
        self._derive(2021, 3.0, product_tmpl_ids=[(6, 0, [template.id])])
        self.assertEqual(template.ksm_price_for_year(2022).price, 1168.5)
        self._derive(2021, 3.0, product_tmpl_ids=[(6, 0, [template.id])], overwrite=True)
        self.assertEqual(template.ksm_price_for_year(2022).price, 1174.2)
        template.ksm_price_for_year(2022).price = 1170.0  # editable afterwards
        self.assertEqual(template.ksm_price_for_year(2022).price, 1170.0)

    def test_derivation_refuses_nonsense(self):
        with self.assertRaises(UserError):
            self._derive(2021, -100.0)
        with self.assertRaisesRegex(UserError, "1999"):
            self._derive(1999, 2.0)
