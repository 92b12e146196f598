from odoo import _, api, models
from odoo.exceptions import AccessError

from .tools import check_document_readable, is_outside_user, refuse_fields


class MailFollowers(models.Model):
    """Odoo lets a portal user create followers of any record, and its record rules then
    trust the followers (they read the messages, and portal rules as the invoices' follow
    ``message_partner_ids``). An outside user follows only as itself, only records it
    can already read; a follower's record and partner never change."""

    _inherit = "mail.followers"

    @api.model
    def create(self, vals):
        if is_outside_user(self.env):
            if vals.get("channel_id") or vals.get("partner_id") != self.env.user.partner_id.id:
                raise AccessError(_("Portal users may only follow documents themselves."))
            check_document_readable(self.env, vals.get("res_model"), vals.get("res_id"))
        return super(MailFollowers, self).create(vals)

    @api.multi
    def write(self, vals):
        refuse_fields(self.env, vals, ("res_model", "res_id", "partner_id", "channel_id"),
                      _("Portal users may not move a follower to another document or "
                        "partner."))
        return super(MailFollowers, self).write(vals)
