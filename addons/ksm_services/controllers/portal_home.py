from odoo import _
from odoo.http import request

from odoo.addons.ksm_base.controllers.portal_home import PortalHome
from odoo.addons.ksm_base.tools import counted

from .portal import ServiceSheetPortal


class ServiceSheetHome(PortalHome):
    """The card and the counter of the service sheets on the portal home."""

    def _prepare_home_counters_service_sheets(self):
        return {"service_sheet_count": self._home_count(
            "ksm.service.sheet", ServiceSheetPortal._get_service_sheet_domain(self))}

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
