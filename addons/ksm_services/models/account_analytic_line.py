from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from .ksm_order_call import CLOSED_STATES

# what a timesheet is worth to its call, and which call it counts for
VALUE_FIELDS = {"unit_amount", "project_id", "task_id", "ksm_ticket_id"}


class AccountAnalyticLine(models.Model):
    """A timesheet counts for one call on an order budget, valued at its hourly rate.

    KSM's staff also book time on support tickets (``ksm_ticket_id``): such a line is
    booked on the analytic account of the ticket's Träger and counts for the ticket's call
    once the ticket has become one.
    """

    _inherit = "account.analytic.line"

    ksm_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Ticket", index=True, ondelete="restrict",
        help="The support ticket the time was spent on. It is booked on the Träger's "
             "analytic account and counts for the ticket's call on the order budget.")
    ksm_order_call_id = fields.Many2one(
        "ksm.order.call", string="Order call", compute="_compute_ksm_order_call_id",
        store=True, index=True, compute_sudo=True,
        help="The call the timesheet counts for: the call financing its project, else the "
             "call financing its task, else the call its ticket became.")
    ksm_amount = fields.Monetary(
        string="Value at the catalogue rate", compute="_compute_ksm_amount", store=True,
        compute_sudo=True, currency_field="company_currency_id",
        help="Hours times the call's rate per hour (catalogue price of the budget's year).")

    @api.depends("project_id.ksm_order_call_ids.state", "task_id.ksm_order_call_ids.state",
                 "ksm_ticket_id.ksm_order_call_ids.state")
    def _compute_ksm_order_call_id(self):
        def open_call(calls):
            return calls.filtered(lambda call: call.state not in CLOSED_STATES)[:1]

        for line in self:
            line.ksm_order_call_id = (open_call(line.project_id.ksm_order_call_ids)
                                      or open_call(line.task_id.ksm_order_call_ids)
                                      or open_call(line.ksm_ticket_id.ksm_order_call_ids))

    @api.depends("unit_amount", "ksm_order_call_id.hourly_rate")
    def _compute_ksm_amount(self):
        for line in self:
            call = line.ksm_order_call_id
            line.ksm_amount = call.currency_id.round(line.unit_amount * call.hourly_rate) \
                if call else 0.0

    @api.model
    def create(self, vals):
        if vals.get("ksm_ticket_id") and not vals.get("employee_id"):
            user_id = vals.get("user_id") or self._default_user()
            vals = dict(vals, employee_id=self.env["hr.employee"].search(
                [("user_id", "=", user_id)], limit=1).id)
        line = super(AccountAnalyticLine, self).create(vals)
        line._check_ksm_call_not_invoiced()
        line.ksm_order_call_id.budget_id._check_consumption_warning()
        return line

    @api.multi
    def write(self, vals):
        if VALUE_FIELDS.intersection(vals):
            self._check_ksm_call_not_invoiced()
        result = super(AccountAnalyticLine, self).write(vals)
        if VALUE_FIELDS.intersection(vals):
            self._check_ksm_call_not_invoiced()
        self.mapped("ksm_order_call_id.budget_id")._check_consumption_warning()
        return result

    @api.multi
    def unlink(self):
        self._check_ksm_call_not_invoiced()
        return super(AccountAnalyticLine, self).unlink()

    def _timesheet_preprocess(self, vals):
        """A ticket implies the analytic account and the customer: its Träger's (a
        project's timesheet stays on the project's account)."""
        vals = super(AccountAnalyticLine, self)._timesheet_preprocess(vals)
        if vals.get("ksm_ticket_id") and not vals.get("account_id") \
                and not vals.get("project_id") and not self.filtered("project_id"):
            ticket = self.env["helpdesk.ticket"].browse(vals["ksm_ticket_id"])
            traeger = ticket.ksm_traeger_id
            if not traeger:
                raise UserError(_(
                    "Ticket %s has no Träger: choose a contact of a Träger as its customer "
                    "before booking time on it.") % ticket.number)
            company = ticket.company_id or self.env.user.company_id
            # the Träger's account is created on first use, also for staff who may not
            vals = dict(vals, account_id=traeger.sudo()._ksm_analytic_account(company).id,
                        partner_id=traeger.id)
        return vals

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
