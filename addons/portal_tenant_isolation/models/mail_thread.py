from odoo import api, models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    @api.model
    def _search_follower_partners(self, operator, operand):
        """``(message_partner_ids, 'child_of', ids)``, which Odoo's portal rules of
        invoices, projects and tasks use, on the partners' path in one query instead of
        a query per level of the partner tree."""
        ids = [operand] if isinstance(operand, int) else operand
        if operator == "child_of" and isinstance(ids, (list, tuple)) \
                and all(isinstance(partner_id, int) for partner_id in ids):
            operator = "in"
            operand = self.env["res.partner"].browse(ids)._child_of_ids()
        return super(MailThread, self)._search_follower_partners(operator, operand)
