from odoo import fields, models


class ResCompany(models.Model):
    """What the company states about itself in every e-invoice (seller, BG-4).

    ``tax_number`` and ``document_contact_id`` are declared as a document layout
    module may declare them too (same names, same types): the company's identity is
    then kept once, whichever of the modules is installed.
    """

    _inherit = "res.company"

    einvoice_email = fields.Char(
        string="E-invoice address",
        help="Seller electronic address (BT-34): the e-mail address at which the "
             "company receives answers to its e-invoices.")
    einvoice_bank_id = fields.Many2one(
        "res.partner.bank", string="Bank account for e-invoices",
        help="The account (IBAN) the public buyers pay to (BG-17), unless an invoice "
             "names another account of the company.")
    einvoice_untaxed_line_tax_id = fields.Many2one(
        "account.tax", string="Lines without tax count as",
        domain=[("type_tax_use", "=", "sale"), ("einvoice_vat_category", "=", "O")],
        help="E-invoices state a VAT category on every line. Lines without any tax get "
             "the category of this tax (not subject to VAT). Leave empty to refuse "
             "validating e-invoices with lines without tax.")
    tax_number = fields.Char(
        help="Tax number (Steuernummer) given by the tax office, e.g. 090/123/45678. "
             "Invoices state it, or the VAT ID (§ 14 UStG).")
    document_contact_id = fields.Many2one(
        "res.partner", string="Contact on documents",
        help="The person or office that documents and e-invoices name for questions, "
             "with phone number and e-mail address.")
