from odoo import _, fields, http
from odoo.addons.account.controllers.portal import PortalAccount
from odoo.addons.ksm_membership.tools import counted
from odoo.http import request
from odoo.osv import expression
from odoo.tools.misc import format_date

from ..models.ksm_order_budget import OPEN_SHEET_STATES
from .helpdesk_portal import organisation_ticket_domain


class PortalHome(PortalAccount):
    """The cards with the key figures of a Träger on the portal home (/my).

    A card is a dict:

    - ``sequence``: order of the cards;
    - ``title``, ``figure`` (the key figure, text), ``detail`` (a line under it);
    - ``amount`` and ``currency`` (optional): a sum of money shown under the figure;
    - ``url`` and ``link_label``: the page with the details; ``actions``: further
      links as (label, url); ``button`` (optional): the card's main action as
      (label, url);
    - ``level``: Bootstrap's context of the card (default, success, info, warning,
      danger);
    - ``progress`` (optional): a bar, percent from 0 to 100.

    Other modules add their cards by extending :meth:`_prepare_home_cards`. Every figure
    is counted through the user's environment, so a card shows what the record rules
    let the user see, as the list behind its link does.
    """

    @http.route()
    def home(self, **kw):
        response = super(PortalHome, self).home(**kw)
        cards = self._prepare_home_cards()
        response.qcontext["ksm_home_cards"] = sorted(cards, key=lambda card: card["sequence"])
        return response

    def _prepare_home_cards(self):
        cards = []
        for prepare in (self._prepare_home_card_membership,
                        self._prepare_home_card_service_sheets,
                        self._prepare_home_card_order_budget,
                        self._prepare_home_card_invoices,
                        self._prepare_home_card_quantities,
                        self._prepare_home_card_tickets):
            card = prepare()
            if card:
                cards.append(card)
        return cards

    def _home_organisation(self):
        return request.env.user.partner_id.commercial_partner_id

    def _home_date(self, value):
        return format_date(request.env, value, lang_code=request.env.user.lang)

    def _prepare_home_card_membership(self):
        Membership = request.env["ksm.membership"]
        if not Membership.check_access_rights("read", raise_exception=False):
            return None
        membership = Membership.search(
            [("partner_id", "=", self._home_organisation().id)],
            order="date_start desc", limit=1)
        if not membership:
            return None
        states = dict(membership._fields["state"]._description_selection(request.env))
        detail = _("since %s") % self._home_date(membership.date_start) \
            if membership.date_start else ""
        return {
            "sequence": 10,
            "title": _("Membership of KSM"),
            "figure": states.get(membership.state, ""),
            "detail": detail,
            "amount": membership.capital_amount,
            "amount_label": _("Share capital contribution"),
            "currency": membership.currency_id,
            "url": "/my/membership",
            "link_label": _("Membership and documents"),
            "level": "success" if membership.state == "active" else "info",
        }

    def _prepare_home_card_service_sheets(self):
        Sheet = request.env["ksm.service.sheet"]
        if not Sheet.check_access_rights("read", raise_exception=False):
            return None
        organisation = self._home_organisation()
        counts = {group["state"]: group["state_count"] for group in Sheet.read_group(
            [("partner_id", "=", organisation.id), ("state", "in", ("active", "resolved"))],
            ["state"], ["state"])}
        active, to_accept = counts.get("active", 0), counts.get("resolved", 0)
        if not active and not to_accept:
            return None
        if not to_accept:
            detail = _("None awaits acceptance.")
        elif request.env.user.partner_id.ksm_portal_may("accept_sheets"):
            detail = counted(to_accept, _("%d awaits your acceptance"),
                             _("%d await your acceptance"))
        else:
            detail = counted(to_accept, _("%d awaits acceptance by your signatory"),
                             _("%d await acceptance by your signatory"))
        return {
            "sequence": 20,
            "title": _("Service sheets in force"),
            "figure": str(active),
            "detail": detail,
            "url": "/my/service-sheets",
            "link_label": _("All service sheets"),
            "level": "warning" if to_accept else "default",
        }

    def _prepare_home_card_order_budget(self):
        """The consumption of one year's order budgets open for calls, with a bar: this
        year's, else the latest year's (years are budgeted apart, never added up)."""
        Budget = request.env["ksm.order.budget"]
        if not Budget.check_access_rights("read", raise_exception=False):
            return None
        budgets = Budget.search([("partner_id", "=", self._home_organisation().id),
                                 ("sheet_id.state", "in", OPEN_SHEET_STATES)])
        if not budgets:
            return None
        this_year = fields.Date.from_string(fields.Date.context_today(Budget)).year
        years = set(budgets.mapped("year"))
        year = this_year if this_year in years else max(years)
        budgets = budgets.filtered(lambda budget: budget.year == year)
        currency = budgets[:1].currency_id
        amount = currency.round(sum(budgets.mapped("amount")))
        consumed = currency.round(sum(budgets.mapped("amount_consumed")))
        to_approve = request.env["ksm.order.call"].search_count([
            ("budget_id", "in", budgets.ids), ("state", "=", "requested")])
        percent = round(100.0 * consumed / amount) if amount else 0
        if not to_approve:
            detail = _("No call awaits approval.")
        elif request.env.user.partner_id.ksm_portal_may("approve_calls"):
            detail = counted(to_approve, _("%d call awaits your approval"),
                             _("%d calls await your approval"))
        else:
            detail = counted(to_approve, _("%d call awaits approval by your signatory"),
                             _("%d calls await approval by your signatory"))
        return {
            "sequence": 25,
            "title": _("Order budget %d consumed") % year,
            "figure": "%d %%" % percent,
            "detail": detail,
            "amount": amount - consumed,
            "amount_label": _("Remaining"),
            "currency": currency,
            "progress": min(percent, 100),
            "url": "/my/order-budgets",
            "link_label": _("Order budgets and calls"),
            "level": "danger" if percent >= 100 else "warning" if to_approve else "default",
        }

    def _prepare_home_card_invoices(self):
        if not request.env.user.partner_id.ksm_portal_may("invoices"):
            return None
        Invoice = request.env["account.invoice"]
        domain = expression.AND([self._get_account_invoice_domain(),
                                 [("state", "=", "open")]])
        total = Invoice.read_group(domain, ["residual_signed"], [])
        count = total[0]["__count"] if total else 0
        today = fields.Date.context_today(request.env.user)
        overdue = Invoice.search_count(expression.AND([domain, [("date_due", "<", today)]]))
        if not count:
            detail = _("Nothing to pay.")
        elif overdue:
            detail = _("%d of them overdue") % overdue
        else:
            detail = _("None overdue.")
        return {
            "sequence": 30,
            "title": _("Open invoices"),
            "figure": str(count),
            "detail": detail,
            "amount": (total[0]["residual_signed"] if total else 0.0) or 0.0,
            "amount_label": _("Amount due"),
            "currency": request.env.user.company_id.currency_id,
            "url": "/my/invoices",
            "link_label": _("All invoices"),
            "level": "danger" if overdue else "warning" if count else "default",
        }

    def _prepare_home_card_quantities(self):
        """The quantities still to report for the years KSM prepares the allocation of
        (cost pools in draft): per year, the allocation keys without a submitted or
        confirmed report."""
        organisation = self._home_organisation()
        Report = request.env["ksm.quantity.report"]
        if not organisation.ksm_is_traeger \
                or not Report.check_access_rights("read", raise_exception=False):
            return None
        # which years are being allocated is no secret (see AllocationPortal)
        pools = request.env["ksm.cost.pool"].sudo().read_group(
            [("state", "=", "draft")], ["year"], ["year"])
        years = sorted({group["year"] for group in pools if group["year"]})
        key_count = request.env["ksm.allocation.key"].search_count([])
        reported = {group["year"]: group["year_count"] for group in Report.read_group(
            [("partner_id", "=", organisation.id), ("year", "in", years),
             ("state", "in", ("submitted", "confirmed"))], ["year"], ["year"])}
        due = [(year, key_count - reported.get(year, 0)) for year in years
               if key_count > reported.get(year, 0)]
        returned = Report.search_count([("partner_id", "=", organisation.id),
                                        ("state", "=", "returned")])
        may_report = Report._may_report_quantities()
        if not due:
            detail = _("Nothing to report.")
        elif returned:
            detail = _("%d of them sent back by KSM") % returned
        elif may_report:
            detail = _("for %s") % ", ".join(str(year) for year, __ in due)
        else:
            detail = _("Your finance contacts report them.")
        return {
            "sequence": 35,
            "title": _("Quantities to report"),
            "figure": str(sum(count for __, count in due)),
            "detail": detail,
            "url": "/my/quantities",
            "link_label": _("All quantity reports"),
            "actions": [(_("Report %s") % year, "/my/quantities/%d" % year)
                        for year, __ in due] if may_report else [],
            "level": "warning" if due else "default",
        }

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
