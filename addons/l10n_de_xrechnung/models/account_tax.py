import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..xrechnung.cii import CATEGORIES_WITH_EXEMPTION_REASON

# UNTDID 5305 codes allowed by EN 16931 for the VAT category (BT-118, BT-151)
VAT_CATEGORIES = [
    ("S", "S - Standard rate"),
    ("Z", "Z - Zero rated goods"),
    ("E", "E - Exempt from tax"),
    ("AE", "AE - VAT reverse charge"),
    ("K", "K - Intra-community supply (VAT exempt)"),
    ("G", "G - Free export item, tax not charged"),
    ("O", "O - Services outside scope of tax"),
    ("L", "L - Canary Islands general indirect tax"),
    ("M", "M - Tax for production, services and importation in Ceuta and Melilla"),
]
ZERO_RATE_CATEGORIES = ("Z", "E", "AE", "K", "G", "O")
VATEX_PATTERN = re.compile(r"^VATEX-[A-Z0-9]+(-[A-Z0-9]+)*$")


class AccountTax(models.Model):
    """VAT category and exemption of a tax, as e-invoices (EN 16931) state them."""

    _inherit = "account.tax"

    einvoice_vat_category = fields.Selection(
        VAT_CATEGORIES, string="VAT category",
        help="VAT category code of e-invoices (UNTDID 5305, BT-118/BT-151). When empty, "
             "a percentage above zero counts as S (standard rate); other taxes must "
             "name their category before they are used on an e-invoice.")
    einvoice_exemption_reason = fields.Text(
        string="Exemption reason",
        help="Why no VAT is charged (BT-120), e.g. the legal basis. Printed on invoices "
             "and required for the categories E, AE, K, G and O.")
    einvoice_exemption_reason_code = fields.Char(
        string="Exemption reason code",
        help="VATEX code of the exemption reason (BT-121), e.g. VATEX-EU-O.")

    @api.constrains("einvoice_vat_category", "amount", "amount_type")
    def _check_einvoice_vat_category(self):
        for tax in self.filtered("einvoice_vat_category"):
            if tax.amount_type != "percent":
                raise ValidationError(_(
                    "The tax %s has a VAT category for e-invoices, so it must be a "
                    "percentage of the price.") % tax.name)
            if tax.einvoice_vat_category in ZERO_RATE_CATEGORIES and tax.amount:
                raise ValidationError(_(
                    "The tax %s of VAT category %s must have the rate 0 %%.") % (
                        tax.name, tax.einvoice_vat_category))
            if tax.einvoice_vat_category == "S" and tax.amount <= 0:
                raise ValidationError(_(
                    "The tax %s of VAT category S (standard rate) must have a rate above "
                    "0 %%.") % tax.name)

    @api.constrains("einvoice_exemption_reason_code")
    def _check_einvoice_exemption_reason_code(self):
        for tax in self.filtered("einvoice_exemption_reason_code"):
            if not VATEX_PATTERN.match(tax.einvoice_exemption_reason_code):
                raise ValidationError(_(
                    "The exemption reason code %s of the tax %s is not a VATEX code "
                    "(e.g. VATEX-EU-O).") % (tax.einvoice_exemption_reason_code, tax.name))

    @api.multi
    def _xrechnung_category(self):
        """The VAT category code of the tax for e-invoices, False when it is unknown."""
        self.ensure_one()
        if self.einvoice_vat_category:
            return self.einvoice_vat_category
        if self.amount_type == "percent" and self.amount > 0:
            return "S"
        return False

    @api.multi
    def _xrechnung_needs_exemption_reason(self):
        self.ensure_one()
        return self._xrechnung_category() in CATEGORIES_WITH_EXEMPTION_REASON
