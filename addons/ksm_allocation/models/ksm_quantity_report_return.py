from odoo import api, fields, models


class KsmQuantityReportReturn(models.TransientModel):
    """Asks KSM staff why quantity reports are sent back to their Träger."""

    _name = "ksm.quantity.report.return"
    _description = "Send quantity reports back"

    report_ids = fields.Many2many("ksm.quantity.report", string="Quantity reports",
                                  required=True)
    comment = fields.Text(required=True, help="Why the reports are sent back; the "
                                              "Träger reads it in the portal.")

    @api.multi
    def action_return(self):
        self.ensure_one()
        self.report_ids.action_return(self.comment)
        return {"type": "ir.actions.act_window_close"}
