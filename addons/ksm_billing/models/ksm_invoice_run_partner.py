from odoo import api, fields, models

PARTNER_LINE_STATES = [
    ("pending", "To invoice"),
    ("done", "Invoiced"),
    ("failed", "Failed"),
]


class KsmInvoiceRunPartner(models.Model):
    """A Träger in an invoice run: whether it is invoiced, its invoices, what went wrong.

    The row is written in the transaction that creates the Träger's invoices, so its
    state always tells the truth, also after the run was interrupted.
    """

    _name = "ksm.invoice.run.partner"
    _inherit = ["state.guard.mixin"]
    _description = "Träger in an invoice run"
    _order = "run_id, partner_name, id"
    _rec_name = "partner_id"

    run_id = fields.Many2one("ksm.invoice.run", string="Invoice run", required=True,
                             readonly=True, index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Träger", required=True,
                                 readonly=True, index=True, ondelete="restrict")
    partner_name = fields.Char(related="partner_id.name", readonly=True, store=True)
    state = fields.Selection(PARTNER_LINE_STATES, string="Status", required=True,
                             default="pending", readonly=True, index=True)
    message = fields.Text(string="Error", readonly=True)
    date_done = fields.Datetime(string="Processed on", readonly=True)
    invoice_ids = fields.One2many("account.invoice", "ksm_invoice_run_partner_id",
                                  string="Invoices", readonly=True)
    invoice_count = fields.Integer(string="Invoices", compute="_compute_amounts")
    currency_id = fields.Many2one(related="run_id.currency_id", readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed", compute="_compute_amounts")
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts")

    _sql_constraints = [
        ("run_partner_unique", "unique(run_id, partner_id)",
         "A Träger appears once in an invoice run."),
    ]

    @api.depends("invoice_ids.amount_untaxed", "invoice_ids.amount_total",
                 "invoice_ids.state")
    def _compute_amounts(self):
        for line in self:
            line.update(line.invoice_ids._ksm_run_totals())

    @api.multi
    def action_view_invoices(self):
        return self.mapped("invoice_ids")._ksm_list_action()
