from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.ksm_order_budget.models.ksm_order_budget import OPEN_SHEET_STATES
from odoo.addons.ksm_order_budget.models.ksm_order_call import CLOSED_STATES


class HelpdeskTicket(models.Model):
    """KSM's staff book their time on a ticket; the ticket can become a call on the
    Träger's order budget, which the time booked on the ticket then consumes."""

    _inherit = "helpdesk.ticket"

    ksm_timesheet_ids = fields.One2many(
        "account.analytic.line", "ksm_ticket_id", string="Timesheets",
        groups="hr_timesheet.group_hr_timesheet_user",
        help="The time KSM's staff spent on the ticket, booked on the Träger's analytic "
             "account.")
    ksm_timesheet_hours = fields.Float(
        string="Hours booked", compute="_compute_ksm_timesheet_hours", digits=(16, 2),
        groups="hr_timesheet.group_hr_timesheet_user")
    ksm_order_call_ids = fields.One2many(
        "ksm.order.call", "ticket_id", string="Calls on the order budget",
        groups="ksm_base.group_ksm_user")
    ksm_order_call_id = fields.Many2one(
        "ksm.order.call", string="Order call", compute="_compute_ksm_order_call_id",
        groups="ksm_base.group_ksm_user",
        help="The call on the Träger's order budget the ticket became; the time booked on "
             "the ticket counts for it.")
    ksm_order_call_state = fields.Selection(
        related="ksm_order_call_id.state", string="Status of the call", readonly=True,
        groups="ksm_base.group_ksm_user")

    @api.depends("ksm_timesheet_ids.unit_amount")
    def _compute_ksm_timesheet_hours(self):
        for ticket in self:
            ticket.ksm_timesheet_hours = sum(ticket.ksm_timesheet_ids.mapped("unit_amount"))

    @api.depends("ksm_order_call_ids.state")
    def _compute_ksm_order_call_id(self):
        for ticket in self:
            ticket.ksm_order_call_id = ticket.ksm_order_call_ids.filtered(
                lambda call: call.state not in CLOSED_STATES)[:1]

    @api.multi
    def write(self, vals):
        result = super(HelpdeskTicket, self).write(vals)
        if "ksm_timesheet_ids" in vals:
            # time booked in the ticket form: the budget's consumption is known only now
            self.sudo().mapped("ksm_order_call_ids.budget_id")._check_consumption_warning()
        return result

    @api.multi
    def _ksm_order_budget_for_call(self):
        """The Träger's order budget a call of the ticket draws on by default: of its
        service sheet in force, else of a signed one; the latest year first."""
        self.ensure_one()
        budgets = self.env["ksm.order.budget"].search([
            ("partner_id", "=", self.ksm_traeger_id.id),
            ("sheet_id.state", "in", OPEN_SHEET_STATES)], order="year desc, id desc")
        return budgets.sorted(lambda budget: budget.sheet_state != "active")[:1]

    @api.multi
    def _ksm_check_order_call_possible(self):
        """Refuse to turn a ticket without Träger, with an open call, or of a Träger
        without an open order budget into a call."""
        for ticket in self:
            if not ticket.ksm_traeger_id:
                raise UserError(_(
                    "Ticket %s has no Träger: choose a contact of a Träger as its customer "
                    "before turning it into a call on an order budget.") % ticket.number)
            call = ticket.ksm_order_call_id
            if call:
                raise UserError(_(
                    "Ticket %s has already become call \"%s\" (%s).") % (
                    ticket.number, call.name, call._state_label()))
            if not ticket._ksm_order_budget_for_call():
                raise UserError(_(
                    "%s has no order budget that can be drawn on: an order budget comes with "
                    "a signed service sheet that plans one.") % ticket.ksm_traeger_id.name)

    @api.multi
    def action_ksm_create_order_call(self):
        """The wizard that turns the ticket into a call on the Träger's order budget."""
        self.ensure_one()
        self._ksm_check_order_call_possible()
        return {
            "type": "ir.actions.act_window",
            "name": _("Create order call"),
            "res_model": "ksm.ticket.order.call",
            "view_mode": "form",
            "target": "new",
            "context": {"default_ticket_id": self.id},
        }

    @api.multi
    def action_ksm_view_order_call(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ksm.order.call",
            "res_id": self.ksm_order_call_id.id,
            "view_mode": "form",
            "target": "current",
        }
