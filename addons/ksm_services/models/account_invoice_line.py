from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class AccountInvoiceLine(models.Model):
    _inherit = "account.invoice.line"

    ksm_period_start = fields.Date(
        string="Service from", help="First day of the service period (BT-134).")
    ksm_period_end = fields.Date(
        string="Service until", help="Last day of the service period (BT-135).")

    @api.constrains("ksm_period_start", "ksm_period_end")
    def _check_ksm_period(self):
        for line in self:
            if bool(line.ksm_period_start) != bool(line.ksm_period_end):
                raise ValidationError(_(
                    "The service period of the invoice line \"%s\" needs both a first and "
                    "a last day.") % line.name)
            if line.ksm_period_start and line.ksm_period_end < line.ksm_period_start:
                raise ValidationError(_(
                    "The service period of the invoice line \"%s\" ends before it "
                    "starts.") % line.name)

    @api.multi
    def _xrechnung_tax(self):
        """The tax that decides the line's VAT category in e-invoices: its own tax, or
        the company's treatment of lines without tax. Empty when neither exists."""
        self.ensure_one()
        return self.invoice_line_tax_ids or self.company_id.ksm_untaxed_line_tax_id
