from odoo import fields, models

ITEM_KINDS = [
    ("service", "Service period"),
    ("reserve", "Called investment reserve"),
    ("order_call", "Order budget call"),
]


class KsmInvoiceRunItem(models.Model):
    """What has been invoiced: the register that keeps a service from being invoiced twice.

    An invoice run writes one row per invoice line, in the transaction that creates the
    invoice, so both are committed or neither is. The database refuses a second row for
    the same sheet line and billing period (kind *service*), or for the same called total
    of an investment reserve (kind *reserve*: each call brings the invoiced amount up to
    the called total once), or for the same call on an order budget (kind *order_call*).
    Whatever two processes try at the same time, nothing is invoiced twice.

    Cancelling an invoice deletes its rows, so that the next run invoices the services
    again (cancel and rerun corrects an invoice); deleting a draft invoice deletes them
    through the foreign key. A credit note leaves them: the services stay invoiced.
    """

    _name = "ksm.invoice.run.item"
    _description = "Invoiced service period"
    _order = "period_start, id"
    _rec_name = "sheet_line_id"

    kind = fields.Selection(ITEM_KINDS, required=True, default="service", readonly=True)
    sheet_line_id = fields.Many2one(
        "ksm.service.sheet.line", string="Service", required=True, readonly=True,
        index=True, ondelete="restrict")
    sheet_id = fields.Many2one("ksm.service.sheet", string="Service sheet", required=True,
                               readonly=True, index=True, ondelete="restrict")
    partner_id = fields.Many2one("res.partner", string="Träger", required=True,
                                 readonly=True, index=True, ondelete="restrict")
    period_start = fields.Date(string="Service from", required=True, readonly=True)
    period_end = fields.Date(string="Service until", required=True, readonly=True)
    reserve_called_total = fields.Monetary(
        string="Called in total", readonly=True,
        help="For an investment reserve: the amount called in total when the invoice was "
             "made. The invoice brought the invoiced amount up to it.")
    amount = fields.Monetary(required=True, readonly=True)
    currency_id = fields.Many2one("res.currency", required=True, readonly=True)
    invoice_line_id = fields.Many2one("account.invoice.line", string="Invoice line",
                                      required=True, readonly=True, index=True,
                                      ondelete="cascade")
    invoice_id = fields.Many2one("account.invoice", string="Invoice", required=True,
                                 readonly=True, index=True, ondelete="cascade")
    run_id = fields.Many2one("ksm.invoice.run", string="Invoice run", readonly=True,
                             index=True, ondelete="set null")
    order_call_id = fields.Many2one("ksm.order.call", string="Order budget call",
                                    readonly=True, index=True, ondelete="restrict")

    def init(self):
        # partial unique indexes: each kind has its own key (the ORM's _sql_constraints
        # cannot say WHERE)
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ksm_invoice_run_item_service_unique
                ON ksm_invoice_run_item (sheet_line_id, period_start, period_end)
                WHERE kind = 'service'
        """)
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ksm_invoice_run_item_reserve_unique
                ON ksm_invoice_run_item (sheet_line_id, reserve_called_total)
                WHERE kind = 'reserve'
        """)
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ksm_invoice_run_item_order_call_unique
                ON ksm_invoice_run_item (order_call_id) WHERE kind = 'order_call'
        """)
