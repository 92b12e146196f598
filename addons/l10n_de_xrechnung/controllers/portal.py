from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.account.controllers.portal import PortalAccount
from odoo.exceptions import AccessError, MissingError
from odoo.http import content_disposition, request

MAX_ID = 2 ** 31 - 1  # PostgreSQL's integer: a larger id names no invoice


class InvoicePortal(PortalAccount):
    """The e-invoice of an invoice next to its PDF, for whoever may see the invoice:
    through the user's own access rights or the invoice's access token."""

    def _invoice_or_not_found(self, invoice_id, access_token):
        """The invoice (sudo) when the user's rights or the invoice's access token
        allow it; 404 otherwise, also for ids that do not exist."""
        if not 0 < invoice_id <= MAX_ID:
            raise NotFound()
        if not request.env["account.invoice"].sudo().browse(invoice_id).exists():
            raise NotFound()
        if access_token is not None and not isinstance(access_token, str):
            raise NotFound()  # the parameter given twice
        try:
            invoice_sudo = self._invoice_check_access(invoice_id, access_token)
        except (AccessError, MissingError, TypeError):
            # TypeError: consteq() of an invoice without token against a given one
            raise NotFound()
        return invoice_sudo

    @http.route()
    def portal_my_invoice_report(self, invoice_id, access_token=None, **kw):
        # account answers a foreign invoice with a redirect to /my and an unknown one
        # with an error; a file URL says 404, and names the file after the invoice
        invoice_sudo = self._invoice_or_not_found(invoice_id, access_token)
        response = super(InvoicePortal, self).portal_my_invoice_report(
            invoice_id, access_token=access_token, **kw)
        response.headers["Content-Disposition"] = content_disposition(
            invoice_sudo._document_filename("pdf"))
        return response

    @http.route(["/my/invoices/<int:invoice_id>/xrechnung"], type="http", auth="public",
                website=True)
    def portal_my_invoice_xrechnung(self, invoice_id, access_token=None, **kw):
        invoice_sudo = self._invoice_or_not_found(invoice_id, access_token)
        attachment = invoice_sudo.xrechnung_attachment_id
        if not attachment:
            raise NotFound()
        xml = invoice_sudo._xrechnung_xml()
        return request.make_response(xml, headers=[
            ("Content-Type", "application/xml; charset=utf-8"),
            ("Content-Length", len(xml)),
            ("Content-Disposition", content_disposition(attachment.datas_fname)),
        ])

    @http.route(["/my/invoices/<int:invoice_id>/facturx"], type="http", auth="public",
                website=True)
    def portal_my_invoice_facturx(self, invoice_id, access_token=None, **kw):
        invoice_sudo = self._invoice_or_not_found(invoice_id, access_token)
        if not invoice_sudo.xrechnung_attachment_id:
            raise NotFound()
        pdf = invoice_sudo._facturx_pdf()
        filename = invoice_sudo._document_filename("pdf", "facturx")
        return request.make_response(pdf, headers=[
            ("Content-Type", "application/pdf"),
            ("Content-Length", len(pdf)),
            ("Content-Disposition", content_disposition(filename)),
        ])
