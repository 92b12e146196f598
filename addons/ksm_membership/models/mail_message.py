from odoo import api, models

from odoo.addons.ksm_base.tools import format_datetime


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.multi
    def portal_message_format(self):
        """The portal's messages carry their date as the reader reads it (the reader's
        time zone, else Europe/Berlin), so that it agrees with the dates the pages show
        whatever the browser's time zone."""
        values = super(MailMessage, self).portal_message_format()
        for message in values:
            message["ksm_date_local"] = format_datetime(self.env, message["date"],
                                                        seconds=True)
        return values
