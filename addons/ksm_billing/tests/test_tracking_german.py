from odoo.addons.ksm_services.tests.common import TrackingCase


class TestRunTrackingInGerman(TrackingCase):
    """The chatter of an invoice run as a German KSM user reads it, after a change made
    in English."""

    def test_checkbox_reads_ja_and_nein(self):
        company = self.env.ref("base.main_company")
        run = self.env["ksm.invoice.run"].with_context(lang="en_US")._find_or_create(
            company, "year", 2031, 1, "2031-01-15", False)
        run.write({"auto_validate": True})
        self.assertIn(("Rechnungen buchen", "Nein", "Ja"), self._chatter(run))
