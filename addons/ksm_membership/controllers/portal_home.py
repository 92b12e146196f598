from odoo import _
from odoo.http import request

from odoo.addons.ksm_base.controllers.portal_home import PortalHome

from .portal import MembershipPortal


class MembershipHome(PortalHome):
    """The membership card and counter on the portal home."""

    def _prepare_home_counters_membership(self):
        return {"ksm_membership_count": self._home_count(
            "ksm.membership", MembershipPortal._ksm_membership_domain(self))}

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
