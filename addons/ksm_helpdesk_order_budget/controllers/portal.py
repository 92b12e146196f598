from odoo import http
from odoo.http import request

from odoo.addons.ksm_helpdesk.controllers.helpdesk_portal import HelpdeskPortal
from odoo.addons.ksm_order_budget.controllers.budget_portal import BudgetPortal
from odoo.addons.ksm_order_budget.models.ksm_order_call import CLOSED_STATES


class TicketCallHelpdeskPortal(HelpdeskPortal):
    """A ticket's page names the call it became, if the user may see it."""

    def _ticket_get_page_view_values(self, ticket, **kwargs):
        values = super(TicketCallHelpdeskPortal, self)._ticket_get_page_view_values(
            ticket, **kwargs)
        values["order_call"] = self._ticket_order_call(ticket)
        return values

    def _ticket_order_call(self, ticket):
        """The open call the ticket became, if the user may see it (a school's staff see
        their tickets, not the Träger's order budget)."""
        Call = request.env["ksm.order.call"]
        if not Call.check_access_rights("read", raise_exception=False):
            return Call
        return Call.search([("ticket_id", "=", ticket.id),
                            ("state", "not in", CLOSED_STATES)], limit=1)


class TicketCallBudgetPortal(BudgetPortal):
    """A call's page names the ticket it came from, if the user may see it."""

    @http.route()
    def portal_order_call(self, call_id, **kw):
        response = super(TicketCallBudgetPortal, self).portal_order_call(call_id, **kw)
        call = response.qcontext["order_call"]
        ticket_id = call.sudo().ticket_id.id
        response.qcontext["ticket"] = request.env["helpdesk.ticket"].search(
            [("id", "=", ticket_id)]) if ticket_id else request.env["helpdesk.ticket"]
        return response
