from odoo import _, api, fields, models
from odoo.addons import decimal_precision as dp
from odoo.tools.misc import formatLang

MONTHS_A_YEAR = 12


class AccountInvoiceLine(models.Model):
    _inherit = "account.invoice.line"
    # the service period of a line is start_date/end_date (account_invoice_start_end_dates)

    # A service of a service sheet is invoiced as the sheet states it: quantity x price
    # (a year's price for a recurring service) x the share of the year billed. The
    # line's own quantity and price are then 1 x the billed amount, exact to the cent
    # (the parts of a year add up to the sheet's amount: invoice_schedule).
    ksm_billed_quantity = fields.Float(
        string="Quantity of the service", digits=dp.get_precision("Product Unit of Measure"),
        help="The quantity of the service sheet's line that is invoiced.")
    ksm_billed_uom_id = fields.Many2one("product.uom", string="Unit of the service")
    # a Float, not Monetary: the lines are created in batches (tools/batch_create.py),
    # which cannot compute the line's currency before a Monetary value needs it
    ksm_sheet_price = fields.Float(
        string="Price of the service", digits=dp.get_precision("Product Price"),
        help="The price per unit of the service sheet's line: a year's price for a "
             "recurring service, else the one-time price.")
    ksm_billed_months = fields.Integer(
        string="Months billed",
        help="The months of the year the line invoices (1 of 12 for a month); empty for "
             "a one-time service.")

    @api.multi
    def _ksm_share_label(self):
        """The share of the year billed, e.g. "3/12"; empty when not recurring."""
        self.ensure_one()
        if not self.ksm_billed_months:
            return ""
        return "%d/%d" % (self.ksm_billed_months, MONTHS_A_YEAR)

    @api.multi
    def _ksm_share_text(self):
        """The line's sheet price and billed share in words (e-invoice line note)."""
        self.ensure_one()
        price = formatLang(self.env, self.ksm_sheet_price, currency_obj=self.currency_id)
        if self.ksm_billed_months:
            return _("Yearly price %(price)s per unit, share of the year billed: "
                     "%(share)s") % {"price": price, "share": self._ksm_share_label()}
        return _("One-time price %s per unit") % price
