from odoo import api, fields, models


class KsmTrueUpLine(models.Model):
    """One cost pool in a Träger's true-up: its share against its advance payments."""

    _name = "ksm.true.up.line"
    _description = "True-up line"
    _order = "true_up_id, sequence, id"

    true_up_id = fields.Many2one("ksm.true.up", string="True-up", required=True,
                                 index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    partner_id = fields.Many2one(related="true_up_id.partner_id", store=True,
                                 readonly=True, string="Träger")
    year = fields.Integer(related="true_up_id.year", store=True, readonly=True)
    pool_id = fields.Many2one("ksm.cost.pool", string="Cost pool", required=True,
                              readonly=True, ondelete="restrict")
    key_id = fields.Many2one(related="pool_id.key_id", readonly=True,
                             string="Allocation key")
    unit = fields.Char(related="pool_id.key_id.unit", readonly=True)
    category = fields.Selection(related="pool_id.category", readonly=True)
    currency_id = fields.Many2one(related="true_up_id.currency_id", readonly=True)
    quantity = fields.Integer(string="Own quantity", readonly=True)
    total_quantity = fields.Integer(string="Total quantity", readonly=True,
                                    group_operator=False)
    allocated_amount = fields.Monetary(
        string="Allocated", readonly=True,
        help="The Träger's share of the pool's costs (its allocation line).")
    advance_amount = fields.Monetary(
        string="Invoiced in advance", readonly=True,
        help="Net amount of the Träger's validated invoices minus credit notes for the "
             "services the pool settles, with a service period beginning in the year.")
    difference = fields.Monetary(
        compute="_compute_difference", store=True,
        help="Allocated minus invoiced in advance: positive is still to pay, negative "
             "is credited.")
    advance_line_ids = fields.Many2many(
        "account.invoice.line", "ksm_true_up_line_advance_rel", "true_up_line_id",
        "invoice_line_id", string="Advance invoice lines", readonly=True,
        help="The invoice and credit note lines that make up the advance.")

    _sql_constraints = [
        ("true_up_pool_unique", "unique(true_up_id, pool_id)",
         "A true-up has one line per cost pool."),
    ]

    @api.depends("allocated_amount", "advance_amount")
    def _compute_difference(self):
        for line in self:
            line.difference = line.currency_id.round(
                line.allocated_amount - line.advance_amount) if line.currency_id else \
                line.allocated_amount - line.advance_amount
