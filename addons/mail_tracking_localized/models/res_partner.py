from odoo import api, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    @api.model
    def _notify_prepare_template_context(self, message):
        """Notification mails show tracked changes as the chatter does."""
        values = super(ResPartner, self)._notify_prepare_template_context(message)
        values["tracking"] = [tracking._mail_display() for tracking
                              in message.with_env(self.env).sudo().tracking_value_ids]
        return values
