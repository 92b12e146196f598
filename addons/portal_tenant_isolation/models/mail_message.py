from odoo import _, api, models
from odoo.exceptions import AccessError

from .tools import (check_attachments_readable, check_document_readable, is_outside_user,
                    refuse_fields)


class MailMessage(models.Model):
    """A portal user's message stays where and whose it was written: Odoo lets its author
    move it to any document (``model``/``res_id``) or give it another author. An outside
    user writes messages only on documents it can read, and as itself."""

    _inherit = "mail.message"

    @api.model
    def create(self, values):
        if is_outside_user(self.env):
            author = values.get("author_id")
            if author and author != self.env.user.partner_id.id:
                raise AccessError(_("Portal users may only write messages as themselves."))
            if values.get("model") or values.get("res_id"):
                check_document_readable(self.env, values.get("model"), values.get("res_id"))
            check_attachments_readable(self.env, values.get("attachment_ids"))
        return super(MailMessage, self).create(values)

    @api.multi
    def write(self, vals):
        refuse_fields(self.env, vals, ("model", "res_id", "author_id"),
                      _("Portal users may not move a message to another document or "
                        "author."))
        if is_outside_user(self.env):
            check_attachments_readable(self.env, vals.get("attachment_ids"))
        return super(MailMessage, self).write(vals)
