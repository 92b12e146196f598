from odoo import _
from odoo.http import request
from odoo.osv import expression

from odoo.addons.ksm_base.controllers.portal_home import PortalHome

from .helpdesk_portal import organisation_ticket_domain


class TicketHome(PortalHome):
    """The card of the open tickets and the counter of the organisation's tickets on
    the portal home (in place of helpdesk_mgmt's count of the user's own)."""

    def _prepare_home_counters_tickets(self):
        return {"ticket_count": self._home_count("helpdesk.ticket",
                                                 organisation_ticket_domain())}

    def _prepare_home_card_tickets(self):
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.check_access_rights("read", raise_exception=False):
            return None
        domain = expression.AND([organisation_ticket_domain(),
                                 [("stage_id.closed", "=", False)]])
        count = Ticket.search_count(domain)
        overdue = Ticket.search_count(expression.AND([
            domain, [("ksm_sla_status", "=", "overdue")]]))
        if not count:
            detail = _("No open tickets.")
        elif overdue:
            detail = _("%d of them past their service level deadline") % overdue
        else:
            detail = _("All within their service levels.")
        return {
            "sequence": 40,
            "title": _("Open tickets"),
            "figure": str(count),
            "detail": detail,
            "url": "/my/tickets",
            "link_label": _("All tickets"),
            "actions": [(_("Service levels"), "/my/sla")],
            "button": (_("New ticket"), "/new/ticket"),
            "level": "danger" if overdue else "default",
        }
