from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ksm_order_budget.models.account_analytic_line import open_call


class AccountAnalyticLine(models.Model):
    """KSM's staff also book time on support tickets (``ksm_ticket_id``): such a line is
    booked on the analytic account of the ticket's Träger and counts for the ticket's call
    once the ticket has become one."""

    _inherit = "account.analytic.line"

    _ksm_value_fields = {"unit_amount", "project_id", "task_id", "ksm_ticket_id"}

    ksm_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Ticket", index=True, ondelete="restrict",
        help="The support ticket the time was spent on. It is booked on the Träger's "
             "analytic account and counts for the ticket's call on the order budget.")

    @api.depends("project_id.ksm_order_call_ids.state", "task_id.ksm_order_call_ids.state",
                 "ksm_ticket_id.ksm_order_call_ids.state")
    def _compute_ksm_order_call_id(self):
        super(AccountAnalyticLine, self)._compute_ksm_order_call_id()
        for line in self.filtered(lambda line: not line.ksm_order_call_id):
            line.ksm_order_call_id = open_call(line.ksm_ticket_id.ksm_order_call_ids)

    @api.model
    def create(self, vals):
        if vals.get("ksm_ticket_id") and not vals.get("employee_id"):
            user_id = vals.get("user_id") or self._default_user()
            vals = dict(vals, employee_id=self.env["hr.employee"].search(
                [("user_id", "=", user_id)], limit=1).id)
        return super(AccountAnalyticLine, self).create(vals)

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
