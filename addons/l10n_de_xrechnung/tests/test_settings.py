"""The settings the e-invoices rely on are checked where they are entered."""
from odoo.exceptions import ValidationError

from ..tools import check_leitweg_id, leitweg_check_digits, leitweg_id_problem
from .common import XRechnungCase


class TestLeitwegId(XRechnungCase):

    def test_check_digits(self):
        # examples of KoSIT's "Formatspezifikation Leitweg-ID"
        self.assertEqual(leitweg_check_digits("04011000", "1234512345"), "06")
        self.assertIsNone(leitweg_id_problem("04011000-1234512345-06"))
        self.assertIsNone(check_leitweg_id("991-33333TEST-33"))
        self.assertIsNone(leitweg_id_problem(self.leitweg_id))
        self.assertEqual(leitweg_id_problem("04011000-1234512345-07")[1], ("06",))
        self.assertTrue(check_leitweg_id("0401 1000"))
        self.assertTrue(check_leitweg_id(""))

    def test_kosit_examples_are_valid(self):
        for leitweg_id in ("04011000-12345-03", "04011000-1234512345-06",
                           "991-33333TEST-33", "13076088-89"):
            self.assertIsNone(check_leitweg_id(leitweg_id), leitweg_id)
        self.assertEqual(leitweg_check_digits("04011000", "12345"), "03")
        self.assertEqual(leitweg_check_digits("991", "33333TEST"), "33")
        self.assertEqual(leitweg_check_digits("13076088"), "89")

    def test_invalid_leitweg_ids(self):
        self.assertEqual(check_leitweg_id("04011000-12345-04"), "check digits: expected 03")
        for leitweg_id in ("", "04011000-12345", "0-12345-03", "1234567890123-03",
                           "04011000_12345-03", "04011000-12345-3",
                           "04011000-" + "A" * 31 + "-03", "04011000-12 45-03"):
            self.assertIn("format", check_leitweg_id(leitweg_id), leitweg_id)

    def test_invalid_leitweg_id_is_refused_in_german(self):
        with self.assertRaises(ValidationError) as refusal:
            self.buyer.leitweg_id = "04011000-1234512345-07"
        self.assertEqual(refusal.exception.name,
                         "Die Leitweg-ID 04011000-1234512345-07 von Stadt Musterhagen ist "
                         "ungültig: Prüfziffern falsch, erwartet 06.")
        with self.assertRaises(ValidationError) as refusal:
            self.buyer.leitweg_id = "Musterhagen"
        self.assertIn("Format: 2–12 Ziffern", refusal.exception.name)


class TestTaxSettings(XRechnungCase):

    def test_vat_category_must_fit_the_rate(self):
        with self.assertRaises(ValidationError):
            self.tax_o.amount = 19
        with self.assertRaises(ValidationError):
            self.tax_19.einvoice_vat_category = "O"
        with self.assertRaises(ValidationError):
            self.tax_19.copy({"amount": 0, "einvoice_vat_category": "S"})
        with self.assertRaises(ValidationError):
            self.tax_o.amount_type = "fixed"

    def test_exemption_reason_code_is_a_vatex_code(self):
        with self.assertRaises(ValidationError):
            self.tax_o.einvoice_exemption_reason_code = "§ 2b"
        self.tax_o.einvoice_exemption_reason_code = "VATEX-EU-132-1I"

    def test_category_of_taxes_without_explicit_category(self):
        self.assertEqual(self.tax_19._xrechnung_category(), "S")
        self.assertEqual(self.tax_o._xrechnung_category(), "O")
        self.assertFalse(self.tax_19.copy({"amount": 0})._xrechnung_category())
        self.assertTrue(self.tax_o._xrechnung_needs_exemption_reason())
        self.assertFalse(self.tax_19._xrechnung_needs_exemption_reason())

    def test_the_module_brings_the_tax_of_public_bodies(self):
        tax = self.env.ref("l10n_de_xrechnung.tax_not_taxable_2b")
        self.assertEqual((tax.einvoice_vat_category, tax.amount, tax.type_tax_use),
                         ("O", 0.0, "sale"))
        self.assertEqual(tax.einvoice_exemption_reason_code, "VATEX-EU-O")

    def test_service_period_needs_both_days_in_order(self):
        invoice = self._non_taxable_invoice()
        line = invoice.invoice_line_ids[0]
        self.assertEqual(line._xrechnung_period(), ("2021-01-01", "2021-12-31"))
        with self.assertRaises(ValidationError):
            line.end_date = "2020-12-31"
        with self.assertRaises(ValidationError):
            line.end_date = False
        self.assertIsNone(invoice.invoice_line_ids[1]._xrechnung_period())

    def test_the_service_period_speaks_german(self):
        # OCA account_invoice_start_end_dates has no German: i18n_extra/de.po has it
        german = self.env["account.invoice.line"].with_context(lang="de_DE")
        labels = german.fields_get(["start_date", "end_date", "must_have_dates"])
        self.assertEqual([labels[name]["string"] for name in (
            "start_date", "end_date", "must_have_dates")],
            ["Leistung vom", "Leistung bis", "Leistungszeitraum erforderlich"])
        line = self._non_taxable_invoice().invoice_line_ids[0].with_context(lang="de_DE")
        with self.assertRaises(ValidationError) as refused:
            line.end_date = "2020-12-31"
        self.assertIn("Rechnungsposition", refused.exception.name)
        self.assertNotIn("Start Date", refused.exception.name)

    def test_unit_codes(self):
        invoice = self.env["account.invoice"]
        self.assertEqual(invoice._xrechnung_unit_code(self.env.ref("product.product_uom_hour")), "HUR")
        self.assertEqual(invoice._xrechnung_unit_code(self.env.ref("product.product_uom_day")), "DAY")
        self.assertEqual(invoice._xrechnung_unit_code(self.env["product.uom"]), "C62")
