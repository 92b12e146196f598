from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from .ksm_order_call import CLOSED_STATES


def open_call(calls):
    """The call of ``calls`` timesheets count for: the one not closed."""
    return calls.filtered(lambda call: call.state not in CLOSED_STATES)[:1]


class AccountAnalyticLine(models.Model):
    """A timesheet counts for one call on an order budget, valued at its hourly rate."""

    _inherit = "account.analytic.line"

    # what a timesheet is worth to its call, and which call it counts for
    _ksm_value_fields = {"unit_amount", "project_id", "task_id"}

    ksm_order_call_id = fields.Many2one(
        "ksm.order.call", string="Order call", compute="_compute_ksm_order_call_id",
        store=True, index=True, compute_sudo=True,
        help="The call the timesheet counts for: the call financing its project, else the "
             "call financing its task, else the call its ticket became.")
    ksm_amount = fields.Monetary(
        string="Value at the catalogue rate", compute="_compute_ksm_amount", store=True,
        compute_sudo=True, currency_field="company_currency_id",
        help="Hours times the call's rate per hour (catalogue price of the budget's year).")

    @api.depends("project_id.ksm_order_call_ids.state", "task_id.ksm_order_call_ids.state")
    def _compute_ksm_order_call_id(self):
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
        line._check_ksm_call_not_invoiced()
        line.ksm_order_call_id.budget_id._check_consumption_warning()
        return line

    @api.multi
    def write(self, vals):
        if self._ksm_value_fields.intersection(vals):
            self._check_ksm_call_not_invoiced()
        result = super(AccountAnalyticLine, self).write(vals)
        if self._ksm_value_fields.intersection(vals):
            self._check_ksm_call_not_invoiced()
        self.mapped("ksm_order_call_id.budget_id")._check_consumption_warning()
        return result

    @api.multi
    def unlink(self):
        self._check_ksm_call_not_invoiced()
        return super(AccountAnalyticLine, self).unlink()

    @api.multi
    def _check_ksm_call_not_invoiced(self):
        """The timesheets of an invoiced call are what it was invoiced for: they stay."""
        for line in self.sudo().filtered(
                lambda line: line.ksm_order_call_id.state == "invoiced"):
            call = line.ksm_order_call_id
            raise UserError(_(
                "Call \"%(call)s\" has been invoiced for its timesheets: time that counts "
                "for it (%(work)s, %(date)s) can no longer be booked, changed or "
                "deleted.") % {
                "call": call.name, "work": line.name, "date": format_date(self.env, line.date)})
