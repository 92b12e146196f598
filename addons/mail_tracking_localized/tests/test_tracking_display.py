from odoo.tests.common import SavepointCase


class TestTrackingDisplay(SavepointCase):
    """Tracked changes stored by Odoo (labels in English, as a data file or a cron
    stores them) read in German by a German user."""

    @classmethod
    def setUpClass(cls):
        super(TestTrackingDisplay, cls).setUpClass()
        cls.env["res.lang"].load_lang("de_DE")
        cls.reader = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Lena Leserin", "login": "tracking-reader", "lang": "de_DE",
            "email": "lena.leserin@example.org",
            "tz": "Europe/Berlin",
            "groups_id": [(6, 0, [cls.env.ref("base.group_user").id,
                                  cls.env.ref("base.group_partner_manager").id])]})
        cls.partner = cls.env["res.partner"].create({"name": "Amt Beispielland"})

    def _message(self, *values):
        """A message on the partner carrying ``values`` as Odoo's tracking stores them."""
        return self.env["mail.message"].create({
            "model": "res.partner", "res_id": self.partner.id, "body": "",
            "message_type": "notification",
            "tracking_value_ids": [(0, 0, value) for value in values]})

    def _chatter(self, message):
        """The tracking lines the web client gets for ``message`` when the reader reads it."""
        formatted = message.sudo(self.reader).with_context(lang="de_DE").message_format()
        return [(value["changed_field"], value["old_value"], value["new_value"])
                for value in formatted[0]["tracking_value_ids"]]

    def test_labels_and_selection_values_in_the_readers_language(self):
        message = self._message(
            {"field": "phone", "field_desc": "Phone", "field_type": "char",
             "old_value_char": "0385 1", "new_value_char": "0385 2"},
            {"field": "type", "field_desc": "Address Type", "field_type": "selection",
             "old_value_char": "Shipping address", "new_value_char": "Other address"})
        self.assertEqual(self._chatter(message), [
            ("Telefon", "0385 1", "0385 2"),
            ("Adressart", "Zustellungsadresse", "Andere Adresse")])

    def test_numbers_with_german_separators_years_unsplit(self):
        """(A number that was zero before, as on a new record, is left out as Odoo does.)"""
        message = self._message(
            {"field": "credit_limit", "field_desc": "Credit Limit", "field_type": "float",
             "old_value_float": 0.0, "new_value_float": 115611.94},
            {"field": "color", "field_desc": "Color Index", "field_type": "integer",
             "old_value_integer": 2021, "new_value_integer": 123456})
        self.assertEqual(self._chatter(message), [
            ("Kreditlinie", "", "115.611,94"), ("Farbkennzeichnung", "2021", "123.456")])

    def test_checkboxes_read_yes_and_no(self):
        message = self._message(
            {"field": "active", "field_desc": "Active", "field_type": "boolean",
             "old_value_integer": 1, "new_value_integer": 0})
        self.assertEqual(self._chatter(message), [("Aktiv", "Ja", "Nein")])

    def test_a_field_its_model_lost_keeps_its_stored_label(self):
        message = self._message(
            {"field": "x_gone", "field_desc": "Removed field", "field_type": "char",
             "old_value_char": "a", "new_value_char": "b"})
        self.assertEqual(self._chatter(message), [("Removed field", "a", "b")])

    def test_notification_mails_show_the_changes_as_the_chatter(self):
        message = self._message(
            {"field": "date", "field_desc": "Date", "field_type": "date",
             "old_value_datetime": "2021-01-01 00:00:00",
             "new_value_datetime": "2022-12-31 00:00:00"},
            {"field": "active", "field_desc": "Active", "field_type": "boolean",
             "old_value_integer": 0, "new_value_integer": 1})
        context = self.env["res.partner"].sudo(self.reader).with_context(
            lang="de_DE")._notify_prepare_template_context(message)
        self.assertEqual(context["tracking"], [
            ("Datum", "01.01.2021", "31.12.2022"), ("Aktiv", "Nein", "Ja")])

    def test_models_are_named_in_the_users_language_without_one_in_the_context(self):
        """A data file or a cron has no language in its context: Odoo's note "%s created"
        is translated into the user's language, so the model's name is too."""
        model = self.env["ir.model"].sudo(self.reader).with_context(lang=None)._get(
            "res.partner")
        self.assertEqual(model.name, "Kontakt")
        english = self.env["ir.model"].sudo(self.reader).with_context(lang="en_US")._get(
            "res.partner")
        self.assertEqual(english.name, "Contact")
