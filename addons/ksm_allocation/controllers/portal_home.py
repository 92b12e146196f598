from odoo import _
from odoo.http import request

from odoo.addons.ksm_base.controllers.portal_home import PortalHome

from .allocation_portal import AllocationPortal


class QuantityHome(PortalHome):
    """The card of the quantities to report and the counters of quantity reports and
    allocation years on the portal home."""

    def _prepare_home_counters_allocation(self):
        traeger = AllocationPortal._ksm_traeger()
        if not traeger:
            return {"ksm_is_traeger": False}
        return {
            "ksm_is_traeger": True,
            "ksm_quantity_report_count": self._home_count(
                "ksm.quantity.report", [("partner_id", "=", traeger.id)]),
            "ksm_allocation_year_count": len(set(
                AllocationPortal._ksm_statement_lines(traeger).mapped("year"))),
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
