from odoo import http
from odoo.http import request


class LegalPages(http.Controller):
    """The company's Impressum (§ 5 TMG) and Datenschutz pages, readable without login."""

    @http.route("/impressum", type="http", auth="public")
    def legal_notice(self, **kwargs):
        return request.render("portal_legal_pages.legal_notice_page", {
            "company": request.env.user.company_id.sudo()})

    @http.route("/datenschutz", type="http", auth="public")
    def privacy_policy(self, **kwargs):
        company = request.env.user.company_id.sudo()
        if not company.privacy_policy:
            return request.not_found()
        return request.render("portal_legal_pages.privacy_policy_page", {"company": company})
