from odoo import api, fields, models


class ResCompany(models.Model):
    """The company's identity as its letters, invoices and e-mails state it.

    Name, address, phone, e-mail, website, logo, VAT ID (``vat``) and register entry
    (``company_registry``) are Odoo's own fields; the bank accounts are the
    ``res.partner.bank`` records of the company's partner. What a German business
    letter states besides (§ 14 UStG, § 35a GmbHG and their like) is added here.
    """

    _inherit = "res.company"

    external_report_layout = fields.Selection(selection_add=[("din5008", "DIN 5008")])
    legal_form = fields.Char(
        help="The legal form as documents state it, e.g. \"Anstalt des öffentlichen "
             "Rechts\" or \"GmbH\".")
    tax_number = fields.Char(
        help="Tax number (Steuernummer) given by the tax office, e.g. 090/123/45678. "
             "Invoices state it, or the VAT ID (§ 14 UStG).")
    management = fields.Char(
        help="Who represents the company, as the footer of its documents names them, "
             "e.g. \"Vorstand: Dr. Anna Beispiel\".")
    document_bank_ids = fields.One2many(
        related="partner_id.bank_ids", readonly=False, string="Bank accounts",
        help="The company's own bank accounts, which its documents name for payment.")
    document_contact_id = fields.Many2one(
        "res.partner", string="Contact on documents",
        help="The person or office that documents and e-invoices name for questions, "
             "with phone number and e-mail address.")

    @api.multi
    def _din5008_sender_line(self):
        """The sender line above the address window: name, street, post code and city."""
        self.ensure_one()
        partner = self.partner_id
        return " · ".join(filter(None, [
            self.name, partner.street, " ".join(filter(None, [partner.zip, partner.city]))]))

    @api.multi
    def _din5008_bank_accounts(self):
        """The company's own accounts (not its customers'), as the footer lists them."""
        self.ensure_one()
        return self.document_bank_ids

    @api.model
    def _din5008_format_iban(self, number):
        """An IBAN in groups of four, as it is printed: DE02 1203 0000 ..."""
        compact = "".join((number or "").split()).upper()
        return " ".join(compact[index:index + 4] for index in range(0, len(compact), 4))
