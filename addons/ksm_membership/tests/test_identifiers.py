from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

from ..tools import check_ags, check_leitweg_id, leitweg_check_digits


class TestIdentifiers(SavepointCase):
    """Leitweg-ID (KoSIT) and AGS validation, directly and on the Träger."""

    def test_kosit_examples_are_valid(self):
        for leitweg_id in ("04011000-12345-03", "04011000-1234512345-06",
                           "991-33333TEST-33", "13076088-89"):
            self.assertIsNone(check_leitweg_id(leitweg_id), leitweg_id)

    def test_check_digits_are_computed_as_kosit_specifies(self):
        self.assertEqual(leitweg_check_digits("04011000", "12345"), "03")
        self.assertEqual(leitweg_check_digits("991", "33333TEST"), "33")
        self.assertEqual(leitweg_check_digits("13076088"), "89")

    def test_invalid_leitweg_ids(self):
        self.assertEqual(check_leitweg_id("04011000-12345-04"), "check digits: expected 03")
        for leitweg_id in ("", "04011000-12345", "0-12345-03", "1234567890123-03",
                           "04011000_12345-03", "04011000-12345-3",
                           "04011000-" + "A" * 31 + "-03", "04011000-12 45-03"):
            self.assertIn("format", check_leitweg_id(leitweg_id), leitweg_id)

    def test_ags(self):
        for ags in ("13076088", "13004000", "01001000", "16077052"):
            self.assertIsNone(check_ags(ags), ags)
        self.assertEqual(check_ags("1307608"), "8 digits")
        self.assertEqual(check_ags("1307608X"), "8 digits")
        self.assertEqual(check_ags("17076088"), "the first two digits name the Land: 01 to 16")
        self.assertEqual(check_ags("00076088"), "the first two digits name the Land: 01 to 16")

    def test_traeger_with_invalid_identifiers_is_refused_in_german(self):
        partner = self.env["res.partner"].with_context(lang="de_DE").create({
            "name": "Stadt Prüfziffer", "is_company": True, "ksm_is_traeger": True})
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            partner.ksm_leitweg_id = "13076088-88"
        self.assertEqual(refusal.exception.name,
                         "Die Leitweg-ID 13076088-88 von Stadt Prüfziffer ist ungültig: "
                         "Prüfziffern falsch, erwartet 89.")
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            partner.ksm_ags = "1307608"
        self.assertEqual(refusal.exception.name,
                         "Der Amtliche Gemeindeschlüssel (AGS) 1307608 von Stadt Prüfziffer "
                         "ist ungültig: 8 Ziffern erforderlich.")
        partner.write({"ksm_leitweg_id": "13076088-89", "ksm_ags": "13076088"})
        self.assertEqual(partner.ksm_leitweg_id, "13076088-89")
