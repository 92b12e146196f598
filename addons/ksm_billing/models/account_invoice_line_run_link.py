from odoo import fields, models


class AccountInvoiceLine(models.Model):
    """The service sheet line an invoice line invoices, and the register rows."""

    _inherit = "account.invoice.line"

    ksm_sheet_id = fields.Many2one("ksm.service.sheet", string="Service sheet",
                                   readonly=True, copy=False, index=True,
                                   ondelete="restrict")
    ksm_sheet_line_id = fields.Many2one("ksm.service.sheet.line", string="Service",
                                        readonly=True, copy=False, index=True,
                                        ondelete="restrict")
    ksm_run_item_ids = fields.One2many("ksm.invoice.run.item", "invoice_line_id",
                                       string="Invoiced service periods", readonly=True)
