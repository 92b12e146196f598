from odoo.exceptions import ValidationError
from odoo.tests.common import SavepointCase

from ..tools import check_ags


class TestIdentifiers(SavepointCase):
    """AGS validation, directly and on the Träger (the Leitweg-ID is checked by
    l10n_de_xrechnung, whose tests cover it)."""

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
            partner.leitweg_id = "13076088-88"
        self.assertEqual(refusal.exception.name,
                         "Die Leitweg-ID 13076088-88 von Stadt Prüfziffer ist ungültig: "
                         "Prüfziffern falsch, erwartet 89.")
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            partner.ksm_ags = "1307608"
        self.assertEqual(refusal.exception.name,
                         "Der Amtliche Gemeindeschlüssel (AGS) 1307608 von Stadt Prüfziffer "
                         "ist ungültig: 8 Ziffern erforderlich.")
        partner.write({"leitweg_id": "13076088-89", "ksm_ags": "13076088"})
        self.assertEqual(partner.leitweg_id, "13076088-89")
