from odoo import api, fields, models


class KsmServiceSheet(models.Model):
    """The invoices made from a service sheet."""

    _inherit = "ksm.service.sheet"

    invoice_ids = fields.One2many("account.invoice", "ksm_service_sheet_id",
                                  string="Invoices", readonly=True)
    invoice_count = fields.Integer(string="Invoices", compute="_compute_invoice_count")

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for sheet in self:
            sheet.invoice_count = len(sheet.invoice_ids)

    @api.multi
    def action_view_invoices(self):
        return self.mapped("invoice_ids")._ksm_list_action()
