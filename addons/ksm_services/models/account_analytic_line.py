from odoo import api, fields, models

from .ksm_order_call import CLOSED_STATES


class AccountAnalyticLine(models.Model):
    """A timesheet counts for one call on an order budget, valued at its hourly rate."""

    _inherit = "account.analytic.line"

    ksm_order_call_id = fields.Many2one(
        "ksm.order.call", string="Order call", compute="_compute_ksm_order_call_id",
        store=True, index=True, compute_sudo=True,
        help="The call the timesheet counts for: the call financing its project, else the "
             "call financing its task.")
    ksm_amount = fields.Monetary(
        string="Value at the catalogue rate", compute="_compute_ksm_amount", store=True,
        compute_sudo=True, currency_field="company_currency_id",
        help="Hours times the call's rate per hour (catalogue price of the budget's year).")

    @api.depends("project_id.ksm_order_call_ids.state", "task_id.ksm_order_call_ids.state")
    def _compute_ksm_order_call_id(self):
        def open_call(calls):
            return calls.filtered(lambda call: call.state not in CLOSED_STATES)[:1]

        for line in self:
            line.ksm_order_call_id = (open_call(line.project_id.ksm_order_call_ids)
                                      or open_call(line.task_id.ksm_order_call_ids))

    @api.depends("unit_amount", "ksm_order_call_id.hourly_rate")
    def _compute_ksm_amount(self):
        for line in self:
            call = line.ksm_order_call_id
            line.ksm_amount = call.currency_id.round(line.unit_amount * call.hourly_rate) \
                if call else 0.0

    @api.model
    def create(self, vals):
        line = super(AccountAnalyticLine, self).create(vals)
        line.ksm_order_call_id.budget_id._check_consumption_warning()
        return line

    @api.multi
    def write(self, vals):
        result = super(AccountAnalyticLine, self).write(vals)
        self.mapped("ksm_order_call_id.budget_id")._check_consumption_warning()
        return result
