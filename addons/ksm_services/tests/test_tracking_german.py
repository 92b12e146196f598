from .common import KsmServicesCase


class TestTrackingInGerman(KsmServicesCase):
    """The chatter of a service sheet and an invoice run as a German KSM user reads it,
    after tracked changes made in English (as an English-speaking colleague makes them;
    data files and crons stored English too before)."""

    @classmethod
    def setUpClass(cls):
        super(TestTrackingInGerman, cls).setUpClass()
        cls.reader = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Greta Leser", "login": "ksm-tracking-reader", "lang": "de_DE",
            "email": "g.leser@ksm.example",
            "groups_id": [(6, 0, [cls.env.ref("ksm_membership.group_ksm_user").id,
                                  cls.env.ref("account.group_account_invoice").id])]})

    def _chatter(self, record):
        """(label, old, new) of every tracked change, as the web client gets them."""
        messages = record.message_ids.sudo(self.reader).with_context(
            lang="de_DE").message_format()
        return [(value["changed_field"], value["old_value"], value["new_value"])
                for message in messages for value in message["tracking_value_ids"]]

    def test_sheet_labels_selection_and_amount_in_german(self):
        english = self.Sheet.with_context(lang="en_US")
        sheet = english.create({
            "partner_id": self.traeger.id, "year": 2021, "scope": "administration",
            "line_ids": [(0, 0, {"product_id": self.order_budget.id,
                                 "price_unit": 115611.94})]})
        sheet.write({"scope": "school_it"})
        chatter = self._chatter(sheet)
        self.assertIn(("Bereich", "Verwaltung", "Schul-IT"), chatter)
        self.assertIn(("Gesamt", "", "115.611,94 €"), chatter)
        self.assertIn("Nummer", [label for label, __, __ in chatter])
        self.assertIn(("Jahr", "", "2021"), chatter)
        english_words = {"Scope", "Total", "Number", "Administration", "School IT",
                         "115611.94"}
        self.assertFalse(english_words & {text for line in chatter for text in line})

    def test_checkbox_reads_ja_and_nein(self):
        company = self.env.ref("base.main_company")
        run = self.env["ksm.invoice.run"].with_context(lang="en_US")._find_or_create(
            company, "year", 2031, 1, "2031-01-15", False)
        run.write({"auto_validate": True})
        self.assertIn(("Rechnungen buchen", "Nein", "Ja"), self._chatter(run))

    def test_creation_note_names_the_sheet_in_german(self):
        """Without a language in the context (a data file, a cron), the note of a new
        sheet is in the user's language: not "Service sheet erstellt"."""
        sheet = self.Sheet.sudo(self.reader).with_context(lang=None).create({
            "partner_id": self.traeger.id, "year": 2021, "scope": "administration"})
        self.assertIn("Serviceschein erstellt", sheet.message_ids[-1].body)
