from odoo import fields, models


class ResCompany(models.Model):
    """What KSM states about itself in every e-invoice (seller, BG-4), besides the
    identity its documents state (report_layout_din5008: tax number, contact)."""

    _inherit = "res.company"

    ksm_einvoice_email = fields.Char(
        string="E-invoice address",
        help="Seller electronic address (BT-34): the e-mail address at which KSM "
             "receives answers to its e-invoices.")
    ksm_einvoice_bank_id = fields.Many2one(
        "res.partner.bank", string="Bank account for e-invoices",
        help="The account (IBAN) the public buyers pay to (BG-17), unless an invoice "
             "names another account of the company.")
    ksm_untaxed_line_tax_id = fields.Many2one(
        "account.tax", string="Lines without tax count as",
        domain=[("type_tax_use", "=", "sale"), ("ksm_vat_category", "=", "O")],
        help="E-invoices state a VAT category on every line. Lines without any tax get "
             "the category of this tax (not subject to VAT). Leave empty to refuse "
             "validating e-invoices with lines without tax.")
