from odoo import _, api, fields, models
from odoo.tools.misc import formatLang

# DIN 5008 leaves numbers of up to four digits ungrouped (so a year reads 2021)
UNGROUPED_INTEGER_LIMIT = 10000


class MailTrackingValue(models.Model):
    """Labels and values of tracked changes as the reader reads them.

    Odoo 11 stores a tracked field's label and a selection's label in the language of
    whoever made the change (English for data files), and shows numbers unformatted and
    booleans as ``true``. The stored values stay as they are; they are shown in the
    reader's language: the field's label, the selection's label, amounts with their
    currency, numbers with the language's separators, checked or not as yes and no.
    """
    _inherit = "mail.tracking.value"

    def _tracked_field(self):
        """The field the value was tracked for, or None when its model lost it."""
        model = self.mail_message_id.model
        if model in self.env:
            return self.env[model]._fields.get(self.field)
        return None

    def _field_label(self):
        field = self._tracked_field()
        if field is None:
            return self.field_desc
        return field.get_description(self.env)["string"]

    @api.multi
    def get_display_value(self, type):
        values = super(MailTrackingValue, self).get_display_value(type)
        return [tracking._format_value(value, type) for tracking, value in zip(self, values)]

    def _format_value(self, value, kind="new"):
        """``value`` as the reader reads it; a number that was zero before the change
        (a new record) stays empty, as Odoo shows it."""
        field = self._tracked_field()
        if self.field_type in ("integer", "float", "monetary") and not value and kind == "old":
            return ""
        if self.field_type == "boolean":
            # not "Yes"/"No": Odoo's web module translates those as "Ja."/"Nein"
            return _("Checked") if value else _("Not checked")
        if self.field_type == "integer":
            return formatLang(self.env, value, digits=0,
                              grouping=abs(value) >= UNGROUPED_INTEGER_LIMIT)
        if self.field_type == "float":
            digits = field.digits[1] if field is not None and field.digits else None
            return formatLang(self.env, value, digits=digits)
        if self.field_type == "monetary":
            return formatLang(self.env, value, currency_obj=self._currency(field))
        if self.field_type == "selection" and field is not None:
            return self._selection_label(field, value)
        return value

    def _currency(self, field):
        """The currency of the tracked record's amount (the company's when the record or
        its currency is gone)."""
        currency_field = getattr(field, "currency_field", None)
        message = self.mail_message_id
        record = self.env[message.model].browse(message.res_id).exists() \
            if currency_field else None
        if record and currency_field in record._fields and record[currency_field]:
            return record[currency_field]
        return self.env.user.company_id.currency_id

    def _selection_label(self, field, label):
        """A stored selection label, in whatever language it was stored, in the reader's."""
        if not label:
            return label
        model = self.env[field.model_name]
        languages = [False] + self.env["res.lang"].search([]).mapped("code")
        for lang in languages:
            for key, candidate in field._description_selection(model.with_context(lang=lang).env):
                if candidate == label:
                    return dict(field._description_selection(self.env)).get(key, label)
        return label

    def _mail_display(self):
        """(label, old, new) as a notification mail shows them: dates in the reader's
        format, times in the reader's time zone."""
        self.ensure_one()
        old, new = self.get_old_display_value()[0], self.get_new_display_value()[0]
        if self.field_type in ("date", "datetime"):
            old, new = self._format_date(old), self._format_date(new)
        return self._field_label(), old, new

    def _format_date(self, value):
        if not value:
            return ""
        lang = self.env["res.lang"]._lang_get(self.env.lang or self.env.user.lang or "en_US")
        if self.field_type == "date":
            return fields.Date.from_string(value).strftime(lang.date_format)
        moment = fields.Datetime.context_timestamp(self, fields.Datetime.from_string(
            value.rstrip("Z")))
        return moment.strftime("%s %s" % (lang.date_format, lang.time_format))
