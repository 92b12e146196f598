from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.ksm_base.controllers.helpers import pdf_response, record_or_404
from odoo.addons.portal.controllers.portal import CustomerPortal, pager as portal_pager


class ServiceSheetPortal(CustomerPortal):
    """The Träger's service sheets in the portal: list, detail, PDFs, acceptance.

    Sheets are looked up as the user (record_or_404): the record rules decide.
    """

    def _get_service_sheet_domain(self):
        traeger = request.env.user.partner_id.ksm_acting_for_traeger()
        return [("partner_id", "=", traeger.id), ("state", "!=", "draft")]

    def _prepare_service_sheet_values(self, sheet, **kwargs):
        partner = request.env.user.partner_id
        return {
            "page_name": "service_sheet",
            "sheet": sheet,
            "category_totals": sheet._get_category_totals(),
            "can_accept": partner.ksm_role_signatory
            and partner.ksm_acting_for_traeger() == sheet.partner_id,
            "error": kwargs.get("error"),
            "accepted": kwargs.get("accepted"),
        }

    @http.route(["/my/service-sheets", "/my/service-sheets/page/<int:page>"],
                type="http", auth="user", website=True)
    def portal_my_service_sheets(self, page=1, sortby=None, **kw):
        values = self._prepare_portal_layout_values()
        Sheet = request.env["ksm.service.sheet"]
        domain = self._get_service_sheet_domain()
        searchbar_sortings = {
            "year": {"label": _("Year"), "order": "year desc, scope, revision desc"},
            "name": {"label": _("Number"), "order": "name"},
            "state": {"label": _("Status"), "order": "state, year desc"},
        }
        if sortby not in searchbar_sortings:
            sortby = "year"
        pager = portal_pager(
            url="/my/service-sheets", url_args={"sortby": sortby},
            total=Sheet.search_count(domain), page=page, step=self._items_per_page)
        sheets = Sheet.search(domain, order=searchbar_sortings[sortby]["order"],
                              limit=self._items_per_page, offset=pager["offset"])
        values.update({
            "sheets": sheets,
            "page_name": "service_sheet",
            "pager": pager,
            "default_url": "/my/service-sheets",
            "searchbar_sortings": searchbar_sortings,
            "sortby": sortby,
        })
        return request.render("ksm_services.portal_my_service_sheets", values)

    @http.route(["/my/service-sheets/<int:sheet_id>"], type="http", auth="user",
                website=True)
    def portal_service_sheet(self, sheet_id, accepted=None, **kw):
        sheet = record_or_404("ksm.service.sheet", sheet_id)
        values = self._prepare_service_sheet_values(sheet, accepted=accepted)
        return request.render("ksm_services.portal_service_sheet_page", values)

    @http.route(["/my/service-sheets/<int:sheet_id>/accept"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_service_sheet_accept(self, sheet_id, signer_name=None, confirm=None, **kw):
        """The Träger's signatory accepts a sheet the council has resolved."""
        sheet = record_or_404("ksm.service.sheet", sheet_id)
        if not confirm:
            error = _("Confirm that you accept the service sheet.")
        else:
            try:
                with request.env.cr.savepoint():
                    # the user may read the sheet; writing it is up to the signatory check
                    sheet.sudo()._record_acceptance(
                        request.env.user.partner_id, signer_name,
                        ip_address=request.httprequest.remote_addr)
            except UserError as refusal:
                error = refusal.name
            else:
                return request.redirect("/my/service-sheets/%d?accepted=1" % sheet.id)
        values = self._prepare_service_sheet_values(sheet, error=error)
        return request.render("ksm_services.portal_service_sheet_page", values, status=403)

    @http.route(["/my/service-sheets/<int:sheet_id>/pdf"], type="http", auth="user",
                website=True)
    def portal_service_sheet_pdf(self, sheet_id, **kw):
        sheet = record_or_404("ksm.service.sheet", sheet_id)
        return pdf_response("ksm_services.action_report_service_sheet", sheet,
                            "%s.pdf" % sheet.name, lang=sheet.partner_id.lang)

    @http.route(["/my/service-sheets/<int:sheet_id>/annex/pdf"], type="http", auth="user",
                website=True)
    def portal_service_sheet_annex_pdf(self, sheet_id, **kw):
        sheet = record_or_404("ksm.service.sheet", sheet_id)
        return pdf_response("ksm_services.action_report_service_sheet_annex", sheet,
                            _("%s Financial effects.pdf") % sheet.name,
                            lang=sheet.partner_id.lang)
