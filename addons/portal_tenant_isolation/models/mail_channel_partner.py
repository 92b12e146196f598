from odoo import _, api, models

from .tools import refuse_fields


class MailChannelPartner(models.Model):
    """Which channels an outside user joins is said by record rules (public channels
    only); a membership cannot be moved to another channel or partner afterwards."""

    _inherit = "mail.channel.partner"

    @api.multi
    def write(self, vals):
        refuse_fields(self.env, vals, ("channel_id", "partner_id"),
                      _("Portal users may not move a channel membership to another "
                        "channel or partner."))
        return super(MailChannelPartner, self).write(vals)
