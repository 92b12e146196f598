from odoo import api, models


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model
    def _message_read_dict_postprocess(self, messages, message_tree):
        """The chatter names tracked fields in the reader's language."""
        result = super(MailMessage, self)._message_read_dict_postprocess(messages, message_tree)
        tracked = [value for message in messages
                   for value in message.get("tracking_value_ids") or []]
        trackings = self.env["mail.tracking.value"].sudo().browse(
            [value["id"] for value in tracked])
        labels = {tracking.id: tracking._field_label() for tracking in trackings}
        for value in tracked:
            value["changed_field"] = labels[value["id"]]
        return result
