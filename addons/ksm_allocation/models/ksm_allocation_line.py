from odoo import fields, models


class KsmAllocationLine(models.Model):
    """A Träger's share of a cost pool, written by the pool's allocation."""

    _name = "ksm.allocation.line"
    _description = "Allocation line"
    _order = "year desc, key_id, pool_id, partner_id"

    pool_id = fields.Many2one("ksm.cost.pool", string="Cost pool", required=True,
                              index=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Träger", required=True,
                                 index=True, ondelete="restrict")
    year = fields.Integer(related="pool_id.year", store=True, readonly=True)
    key_id = fields.Many2one(related="pool_id.key_id", store=True, readonly=True,
                             string="Allocation key")
    unit = fields.Char(related="pool_id.key_id.unit", readonly=True)
    pool_state = fields.Selection(related="pool_id.state", readonly=True,
                                  string="State of the pool")
    company_id = fields.Many2one(related="pool_id.company_id", store=True, readonly=True)
    currency_id = fields.Many2one(related="pool_id.currency_id", readonly=True)
    pool_amount = fields.Monetary(related="pool_id.amount", readonly=True,
                                  string="Pool amount")
    quantity = fields.Integer(string="Own quantity", readonly=True,
                              help="The Träger's confirmed quantity of the pool's key.")
    total_quantity = fields.Integer(string="Total quantity", readonly=True,
                                    group_operator=False,
                                    help="The confirmed quantities of all Träger.")
    share_percent = fields.Float(string="Share (%)", digits=(16, 4), readonly=True,
                                 group_operator=False)
    amount = fields.Monetary(readonly=True, help="The Träger's share of the pool's "
                                                 "costs, exact to the cent.")

    _sql_constraints = [
        ("pool_partner_unique", "unique(pool_id, partner_id)",
         "A Träger has one share per cost pool."),
    ]
