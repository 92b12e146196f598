from odoo import _, fields
from odoo.http import request

from odoo.addons.ksm_base.controllers.portal_home import PortalHome
from odoo.addons.ksm_base.tools import counted

from ..models.ksm_order_budget import OPEN_SHEET_STATES
from .budget_portal import BudgetPortal


class OrderBudgetHome(PortalHome):
    """The card of the order budget and the counters of budgets and projects on the
    portal home."""

    def _prepare_home_counters_order_budget(self):
        traeger = BudgetPortal._get_traeger(self)
        return {
            "order_budget_count": self._home_count(
                "ksm.order.budget", [("partner_id", "=", traeger.id)]),
            "budget_project_count": self._home_count(
                "project.project", BudgetPortal._get_budget_project_domain(self)),
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
