from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.addons.account.controllers.portal import PortalAccount
from odoo.exceptions import AccessError, MissingError
from odoo.http import request


# the sort keys of account's invoice list: another value would fail there (KeyError)
INVOICE_SORTINGS = ("date", "duedate", "name", "state")


def valid_date(text):
    """``text`` if it is a date (or date and time) of the server's format, else None."""
    for parse in (fields.Datetime.from_string, fields.Date.from_string):
        try:
            parse(text)
            return text
        except (TypeError, ValueError):
            continue
    return None


class InvoiceRolePortal(PortalAccount):
    """Invoices in the portal are for the finance and signatory contacts of a Träger
    (res.partner.ksm_portal_may). The record rules hide the invoices from its other
    staff; the list tells them why, an invoice answers 404 like any invoice the user may
    not see. A valid access token (the link in the invoice mail) still opens it."""

    @http.route()
    def portal_my_invoices(self, page=1, date_begin=None, date_end=None, sortby=None, **kw):
        if not request.env.user.partner_id.ksm_portal_may("invoices"):
            values = self._prepare_portal_layout_values()
            values["page_name"] = "invoice"
            return request.render("ksm_billing.portal_role_required", values, status=403)
        # parameters that name no sorting or no date are ignored, as the ticket list does
        return super(InvoiceRolePortal, self).portal_my_invoices(
            page=page, date_begin=valid_date(date_begin), date_end=valid_date(date_end),
            sortby=sortby if sortby in INVOICE_SORTINGS else None, **kw)

    @http.route()
    def portal_my_invoice_detail(self, invoice_id, access_token=None, **kw):
        # account answers an invoice the user may not see with a redirect to /my
        try:
            invoice_sudo = self._invoice_check_access(invoice_id, access_token)
            if not invoice_sudo.exists():
                raise MissingError(invoice_id)
        except (AccessError, MissingError):
            raise NotFound()
        return super(InvoiceRolePortal, self).portal_my_invoice_detail(
            invoice_id, access_token=access_token, **kw)
