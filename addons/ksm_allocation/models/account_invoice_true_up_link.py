from odoo import api, fields, models


class AccountInvoice(models.Model):
    """The yearly true-up an invoice or credit note settles."""

    _inherit = "account.invoice"

    ksm_true_up_id = fields.Many2one(
        "ksm.true.up", string="True-up", readonly=True, copy=False, index=True,
        ondelete="restrict")

    @api.multi
    def action_invoice_cancel(self):
        """Cancelling the documents of a true-up reopens it: it can be invoiced again."""
        result = super(AccountInvoice, self).action_invoice_cancel()
        self.mapped("ksm_true_up_id")._reopen_after_cancellation()
        return result
