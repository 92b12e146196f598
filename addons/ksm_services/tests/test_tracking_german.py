from .common import TrackingCase


class TestTrackingInGerman(TrackingCase):
    """The chatter of a service sheet as a German KSM user reads it,
    after tracked changes made in English (as an English-speaking colleague makes them;
    data files and crons stored English too before)."""

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

    def test_creation_note_names_the_sheet_in_german(self):
        """Without a language in the context (a data file, a cron), the note of a new
        sheet is in the user's language: not "Service sheet erstellt"."""
        sheet = self.Sheet.sudo(self.reader).with_context(lang=None).create({
            "partner_id": self.traeger.id, "year": 2021, "scope": "administration"})
        self.assertIn("Serviceschein erstellt", sheet.message_ids[-1].body)
