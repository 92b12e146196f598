from odoo.tests.common import SavepointCase


class ItOperationsCase(SavepointCase):
    """Two Träger, as KSM's staff record their applications and contracts."""

    @classmethod
    def setUpClass(cls):
        super(ItOperationsCase, cls).setUpClass()
        cls.traeger = cls.env["res.partner"].create({
            "name": "Stadt Lübtheen", "is_company": True, "ksm_is_traeger": True,
            "lang": "de_DE"})
        cls.other_traeger = cls.env["res.partner"].create({
            "name": "Stadt Wittenburg", "is_company": True, "ksm_is_traeger": True,
            "lang": "de_DE"})
