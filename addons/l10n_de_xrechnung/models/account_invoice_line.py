from odoo import api, models


class AccountInvoiceLine(models.Model):
    """The line's service period (BT-134/135) is ``start_date``/``end_date`` of the
    OCA module ``account_invoice_start_end_dates``."""

    _inherit = "account.invoice.line"

    @api.multi
    def _xrechnung_tax(self):
        """The tax that decides the line's VAT category in e-invoices: its own tax, or
        the company's treatment of lines without tax. Empty when neither exists."""
        self.ensure_one()
        return self.invoice_line_tax_ids or self.company_id.einvoice_untaxed_line_tax_id

    @api.multi
    def _xrechnung_period(self):
        """The line's service period as (first day, last day) strings, or None."""
        self.ensure_one()
        if self.start_date and self.end_date:
            return self.start_date, self.end_date
        return None
