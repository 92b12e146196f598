from odoo import api, models
from odoo.tools import pycompat


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.multi
    def generate_email(self, res_ids, fields=None):
        """An e-mail that carries the invoice PDF carries its XRechnung too."""
        results = super(MailTemplate, self).generate_email(res_ids, fields=fields)
        if self.model != "account.invoice" or self.report_template.model != "account.invoice":
            return results
        by_id = {res_ids: results} if isinstance(res_ids, pycompat.integer_types) else results
        for res_id, values in by_id.items():
            attachments = self.env["account.invoice"].browse(res_id)._einvoice_mail_attachments()
            if attachments:
                values["attachment_ids"] = list(values.get("attachment_ids") or []) + attachments.ids
        return results
