"""Portal pages of the yearly true-up (Spitzabrechnung).

The true-up is about money: like the invoices, it is shown to the finance and
signatory contacts of a Träger only (``ksm_portal_may("invoices")``); other staff get
403. It is looked up through the user's own environment for the user's own Träger;
a year without a true-up answers 404.
"""
from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.http import request

from odoo.addons.ksm_base.controllers.helpers import pdf_response

from ..models.ksm_true_up import PUBLISHED_STATES
from .allocation_portal import AllocationPortal


class TrueUpPortal(AllocationPortal):

    @staticmethod
    def _ksm_may_see_true_up():
        return request.env.user.partner_id.ksm_portal_may("invoices")

    @staticmethod
    def _ksm_true_ups(traeger, year=None):
        domain = [("partner_id", "=", traeger.id), ("state", "in", PUBLISHED_STATES)]
        if year:
            domain.append(("year", "=", year))
        return request.env["ksm.true.up"].search(domain)

    def _ksm_true_up_or_404(self, year):
        """The user's true-up of the year, or the response refusing it."""
        traeger = self._ksm_traeger_or_404()
        if not self._ksm_may_see_true_up():
            values = self._prepare_portal_layout_values()
            values.update({"page_name": "ksm_true_up", "year": year})
            return None, request.render("ksm_allocation.portal_my_true_up_role_required",
                                        values, status=403)
        true_up = self._ksm_true_ups(traeger, year)[:1]
        if not true_up:
            raise NotFound()
        return true_up, None

    @http.route()
    def portal_my_allocation(self, **kw):
        response = super(TrueUpPortal, self).portal_my_allocation(**kw)
        if self._ksm_may_see_true_up():
            response.qcontext["true_up_years"] = set(
                self._ksm_true_ups(self._ksm_traeger()).mapped("year"))
        return response

    @http.route()
    def portal_my_allocation_statement(self, year, **kw):
        response = super(TrueUpPortal, self).portal_my_allocation_statement(year, **kw)
        if self._ksm_may_see_true_up():
            response.qcontext["true_up"] = self._ksm_true_ups(self._ksm_traeger(), year)[:1]
        return response

    @http.route(["/my/trueup/<int:year>"], type="http", auth="user", website=True)
    def portal_my_true_up(self, year, **kw):
        true_up, refusal = self._ksm_true_up_or_404(year)
        if refusal:
            return refusal
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_true_up",
            "traeger": true_up.partner_id,
            "year": year,
            "true_up": true_up,
            "documents": true_up.invoice_ids.filtered(
                lambda invoice: invoice.state in ("open", "paid")),
        })
        return request.render("ksm_allocation.portal_my_true_up", values)

    @http.route(["/my/trueup/<int:year>/pdf"], type="http", auth="user", website=True)
    def portal_my_true_up_pdf(self, year, **kw):
        true_up, refusal = self._ksm_true_up_or_404(year)
        if refusal:
            return refusal
        return pdf_response(
            "ksm_allocation.action_report_ksm_true_up", true_up,
            "%s %d - %s.pdf" % (_("True-up"), year, true_up.partner_id.name))
