from odoo import _, fields
from odoo.http import request
from odoo.osv import expression

from odoo.addons.ksm_base.controllers.portal_home import PortalHome


class InvoiceHome(PortalHome):
    """The card of the open invoices on the portal home."""

    def _prepare_home_card_invoices(self):
        if not request.env.user.partner_id.ksm_portal_may("invoices"):
            return None
        Invoice = request.env["account.invoice"]
        # Odoo's portal domain of the invoices (followed by the user's organisation),
        # its child_of computed once
        organisation = request.env.user.partner_id.commercial_partner_id
        domain = [("type", "in", ["out_invoice", "out_refund"]), ("state", "=", "open"),
                  ("message_partner_ids", "in", organisation._child_of_ids())]
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
