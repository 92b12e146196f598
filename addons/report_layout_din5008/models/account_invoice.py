from odoo import _, api, models
from odoo.tools.misc import format_date


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    @api.multi
    def _din5008_information(self):
        """The rows of the letter's information block: (label, text), in the language
        of the invoice's context (the report sets the partner's)."""
        self.ensure_one()
        rows = []
        if self.number:
            rows.append((_("Credit note no.") if self.type in ("out_refund", "in_refund")
                         else _("Invoice no."), self.number))
        if self.date_invoice:
            rows.append((_("Credit note date") if self.type in ("out_refund", "in_refund")
                         else _("Invoice date"), format_date(self.env, self.date_invoice)))
        if self.date_due and self.type == "out_invoice" and self.state in ("open", "paid"):
            rows.append((_("Due date"), format_date(self.env, self.date_due)))
        if self.commercial_partner_id.ref:
            rows.append((_("Customer no."), self.commercial_partner_id.ref))
        if self.origin:
            rows.append((_("Source"), self.origin))
        return rows

    @api.multi
    def _get_payment_reference(self):
        """What the buyer quotes when paying (BT-83 of the e-invoice)."""
        self.ensure_one()
        return self.reference or self.number
