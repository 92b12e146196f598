from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .ksm_order_call import CALL_STATES, CLOSED_STATES


class ProjectProject(models.Model):
    """A Träger's project with a budget drawn from its order budget.

    The budget is the call that finances the project (``ksm.order.call.project_id``):
    its amount, and its amount in hours at the call's hourly rate. The project's
    timesheets, valued at that rate, are what it has consumed.
    """

    _inherit = "project.project"

    ksm_partner_id = fields.Many2one(
        "res.partner", string="Träger", compute="_compute_ksm_partner_id", store=True,
        index=True, compute_sudo=True,
        help="The Träger the project is for: the customer, when it is a Träger.")
    ksm_order_call_ids = fields.One2many("ksm.order.call", "project_id",
                                         string="Calls on the order budget")
    ksm_order_call_id = fields.Many2one(
        "ksm.order.call", string="Financed by call", compute="_compute_ksm_budget",
        store=True, compute_sudo=True)
    ksm_order_budget_id = fields.Many2one(
        "ksm.order.budget", string="Order budget", compute="_compute_ksm_budget",
        store=True, compute_sudo=True, index=True)
    ksm_call_state = fields.Selection(CALL_STATES, string="Status of the call",
                                      related="ksm_order_call_id.state", readonly=True)
    ksm_currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    ksm_hourly_rate = fields.Monetary(
        string="Rate per hour", compute="_compute_ksm_budget", store=True,
        compute_sudo=True, currency_field="ksm_currency_id")
    ksm_budget_amount = fields.Monetary(
        string="Budget amount", compute="_compute_ksm_budget", store=True, compute_sudo=True,
        currency_field="ksm_currency_id", help="The amount of the call financing the project.")
    ksm_budget_hours = fields.Float(
        string="Budget (hours)", compute="_compute_ksm_budget", store=True,
        compute_sudo=True, digits=(16, 2),
        help="The budget in hours at the rate per hour.")
    ksm_consumed_amount = fields.Monetary(
        string="Consumed", compute="_compute_ksm_budget", store=True, compute_sudo=True,
        currency_field="ksm_currency_id",
        help="The project's timesheets at the rate per hour.")
    ksm_consumed_hours = fields.Float(
        string="Consumed (hours)", compute="_compute_ksm_budget", store=True,
        compute_sudo=True, digits=(16, 2))
    ksm_remaining_amount = fields.Monetary(
        string="Remaining", compute="_compute_ksm_budget", store=True, compute_sudo=True,
        currency_field="ksm_currency_id")
    ksm_remaining_hours = fields.Float(
        string="Remaining (hours)", compute="_compute_ksm_budget", store=True,
        compute_sudo=True, digits=(16, 2))

    @api.depends("partner_id.commercial_partner_id.ksm_is_traeger")
    def _compute_ksm_partner_id(self):
        for project in self:
            commercial = project.partner_id.commercial_partner_id
            project.ksm_partner_id = commercial if commercial.ksm_is_traeger else False

    @api.depends("ksm_order_call_ids.state", "ksm_order_call_ids.amount",
                 "ksm_order_call_ids.budget_id", "ksm_order_call_ids.hourly_rate",
                 "ksm_order_call_ids.timesheet_hours", "ksm_order_call_ids.amount_timesheet")
    def _compute_ksm_budget(self):
        for project in self:
            call = project.ksm_order_call_ids.filtered(
                lambda call: call.state not in CLOSED_STATES)[:1]
            rate = call.hourly_rate
            project.ksm_order_call_id = call
            project.ksm_order_budget_id = call.budget_id
            project.ksm_hourly_rate = rate
            project.ksm_budget_amount = call.amount
            project.ksm_budget_hours = round(call.amount / rate, 2) if rate else 0.0
            project.ksm_consumed_amount = call.amount_timesheet
            project.ksm_consumed_hours = call.timesheet_hours
            project.ksm_remaining_amount = call.currency_id.round(
                call.amount - call.amount_timesheet) if call else 0.0
            project.ksm_remaining_hours = round(
                project.ksm_budget_hours - call.timesheet_hours, 2)

    @api.constrains("partner_id")
    def _check_ksm_partner_id(self):
        for project in self.filtered("ksm_order_call_id"):
            call = project.ksm_order_call_id
            if project.ksm_partner_id != call.partner_id:
                raise ValidationError(_(
                    "Project %s is financed by call \"%s\" on the order budget of %s: its "
                    "customer must be %s.") % (project.name, call.name, call.partner_id.name,
                                               call.partner_id.name))
