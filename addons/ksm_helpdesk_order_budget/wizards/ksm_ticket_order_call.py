from odoo import _, api, fields, models
from odoo.tools import html_escape

from odoo.addons.ksm_order_budget.models.ksm_order_call import CALL_DESCRIPTION_MAX_LENGTH


class KsmTicketOrderCall(models.TransientModel):
    """A support ticket becomes a call on its Träger's order budget.

    The call's amount is what the Träger orders at most (by default the value of the hours
    booked on the ticket so far); the ticket's timesheets, those booked before and after,
    are what the call consumes. The call is requested, for the Träger's signatory to
    approve in the portal, or approved at once when KSM enters the signatory who approved
    it on paper.
    """

    _name = "ksm.ticket.order.call"
    _description = "Turn a ticket into a call on the order budget"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", required=True,
                                readonly=True, ondelete="cascade")
    partner_id = fields.Many2one(related="ticket_id.ksm_traeger_id", string="Träger",
                                 readonly=True)
    budget_id = fields.Many2one(
        "ksm.order.budget", string="Order budget", required=True,
        domain="[('partner_id', '=', partner_id), "
               "('sheet_id.state', 'in', ('signed', 'active'))]")
    currency_id = fields.Many2one(related="budget_id.currency_id", readonly=True)
    amount_remaining = fields.Monetary(related="budget_id.amount_remaining", readonly=True)
    name = fields.Char(string="Description", required=True)
    rate_product_id = fields.Many2one(
        "product.product", string="Hourly rate", required=True,
        domain=[("ksm_is_catalogue", "=", True)],
        help="The catalogue service at whose price of the budget's year the ticket's "
             "timesheets are valued.")
    hourly_rate = fields.Monetary(string="Rate per hour", compute="_compute_hourly_rate")
    timesheet_hours = fields.Float(related="ticket_id.ksm_timesheet_hours",
                                   string="Hours booked so far", readonly=True)
    amount = fields.Monetary(
        string="Amount", required=True,
        help="What the Träger orders for at most; by default the value of the hours booked "
             "so far.")
    approved_by_id = fields.Many2one(
        "res.partner", string="Approved by",
        domain="[('commercial_partner_id', '=', partner_id), "
               "('ksm_role_signatory', '=', True)]",
        help="The Träger's signatory who approved the call on paper or by e-mail. Leave "
             "empty for the signatory to approve it in the portal.")

    @api.model
    def default_get(self, field_names):
        values = super(KsmTicketOrderCall, self).default_get(field_names)
        ticket = self.env["helpdesk.ticket"].browse(values.get("ticket_id"))
        if not ticket:
            return values
        ticket._ksm_check_order_call_possible()
        budget = ticket._ksm_order_budget_for_call()
        rate_product = self.env["ksm.order.call"]._default_rate_product()
        values.update({
            "budget_id": budget.id,
            # a call's description has at most CALL_DESCRIPTION_MAX_LENGTH characters
            "name": ("%s %s" % (ticket.number, ticket.name))[:CALL_DESCRIPTION_MAX_LENGTH],
            "rate_product_id": rate_product.id,
            "amount": self._value_of_hours(ticket.ksm_timesheet_hours, budget, rate_product),
        })
        return values

    @api.model
    def _value_of_hours(self, hours, budget, rate_product):
        """``hours`` at the catalogue price of ``rate_product`` in the budget's year."""
        price = rate_product.product_tmpl_id.ksm_price_for_year(budget.year).price \
            if rate_product else 0.0
        return budget.currency_id.round(hours * price) if budget else 0.0

    @api.depends("rate_product_id", "budget_id")
    def _compute_hourly_rate(self):
        for wizard in self:
            wizard.hourly_rate = wizard._value_of_hours(
                1.0, wizard.budget_id, wizard.rate_product_id)

    @api.onchange("rate_product_id", "budget_id")
    def _onchange_rate(self):
        self.amount = self._value_of_hours(self.timesheet_hours, self.budget_id,
                                           self.rate_product_id)

    @api.multi
    def action_create_call(self):
        self.ensure_one()
        self.ticket_id._ksm_check_order_call_possible()
        call = self.env["ksm.order.call"].create(self._prepare_order_call_values())
        if self.approved_by_id:
            call.action_approve()
        call.message_post(body=_("Created from ticket %s.") % html_escape(self.ticket_id.number))
        self.ticket_id.message_post(body=_("Became call \"%s\" on order budget %s.") % (
            html_escape(call.name), html_escape(call.budget_id.name)))
        return self.ticket_id.action_ksm_view_order_call()

    @api.multi
    def _prepare_order_call_values(self):
        self.ensure_one()
        reporter = self.ticket_id.partner_id
        return {
            "budget_id": self.budget_id.id,
            "name": self.name,
            "amount": self.amount,
            "ticket_id": self.ticket_id.id,
            "rate_product_id": self.rate_product_id.id,
            "approved_by_id": self.approved_by_id.id,
            "requested_by_id": reporter.id if reporter.commercial_partner_id ==
            self.partner_id and reporter != self.partner_id else False,
        }
