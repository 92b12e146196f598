import base64
import re
from collections import OrderedDict

import facturx
from stdnum import iban

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_round, html_escape

from ..xrechnung import cii

EINVOICE_TYPE_CODES = {"out_invoice": "380", "out_refund": "381"}  # UNTDID 1001 (BT-3)
LEITWEG_ID_SCHEME = "0204"  # electronic address scheme of German public buyers (BT-49)
EMAIL_SCHEME = "EM"  # electronic address given as e-mail address (BT-34)
SEPA_CREDIT_TRANSFER = "58"  # UNTDID 4461 (BT-81)
PRICE_DIGITS = 6  # decimals of unit prices in the file (cii.format_decimal)
# Odoo's units of measure and their UN/ECE Recommendation 20 codes (BT-130); any other
# unit is sent as C62 ("one"), the code for pieces and flat-rate items.
UNECE_UNIT_CODES = {
    "product.product_uom_unit": "C62",
    "product.product_uom_dozen": "DZN",
    "product.product_uom_hour": "HUR",
    "product.product_uom_day": "DAY",
    "product.product_uom_kgm": "KGM",
    "product.product_uom_gram": "GRM",
    "product.product_uom_ton": "TNE",
    "product.product_uom_litre": "LTR",
    "product.product_uom_meter": "MTR",
    "product.product_uom_km": "KMT",
    "product.product_uom_cm": "CMT",
}


def _date(value):
    return fields.Date.from_string(value) if value else None


class AccountInvoice(models.Model):
    """Every customer invoice and credit note to a public buyer is an XRechnung.

    Public buyers are the customers whose commercial partner says so
    (``res.partner._einvoice_buyer()``: a Leitweg-ID, or what other modules add).
    Validating such an invoice first checks every datum the e-invoice needs (and
    refuses, naming what is missing and where to fill it in), then builds the
    XRechnung CII file, checks it against the XML schema and attaches it.
    """

    _inherit = "account.invoice"

    einvoice_required = fields.Boolean(
        string="E-invoice", compute="_compute_einvoice_required",
        help="Customer invoices and credit notes to a public buyer (a customer with a "
             "Leitweg-ID) are issued as XRechnung e-invoices.")
    einvoice_format = fields.Selection(
        related="commercial_partner_id.einvoice_format", readonly=True)
    xrechnung_attachment_id = fields.Many2one(
        "ir.attachment", string="XRechnung file", readonly=True, copy=False,
        ondelete="set null", help="The XRechnung (CII XML) created at validation.")

    # Other modules add what their _einvoice_buyer() reads by overriding this method
    # with their own @api.depends (Odoo joins the dependencies of all overrides).
    @api.depends("type", "commercial_partner_id.leitweg_id")
    def _compute_einvoice_required(self):
        for invoice in self:
            invoice.einvoice_required = (
                invoice.type in EINVOICE_TYPE_CODES
                and bool(invoice.commercial_partner_id)
                and invoice.commercial_partner_id._einvoice_buyer())

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_invoice_open(self):
        einvoices = self.filtered(
            lambda invoice: invoice.state == "draft" and invoice.einvoice_required)
        einvoices._check_xrechnung_data()
        result = super(AccountInvoice, self).action_invoice_open()
        einvoices._attach_xrechnung()
        return result

    @api.multi
    def action_generate_xrechnung(self):
        """Create the XRechnung again, e.g. after the bank account or contact changed."""
        if self.filtered(lambda invoice: invoice.state not in ("open", "paid")
                         or not invoice.einvoice_required):
            raise UserError(_("Only validated customer invoices and credit notes to "
                              "public buyers are issued as XRechnung."))
        self._check_xrechnung_data()
        self._attach_xrechnung()
        return True

    @api.multi
    def action_download_xrechnung(self):
        self.ensure_one()
        if not self.xrechnung_attachment_id:
            raise UserError(_("The invoice has no XRechnung yet."))
        return {
            "type": "ir.actions.act_url",
            "url": "/web/content/%d?download=true" % self.xrechnung_attachment_id.id,
            "target": "self",
        }

    @api.multi
    def action_download_facturx(self):
        self.ensure_one()
        if not self.xrechnung_attachment_id:
            raise UserError(_("The invoice has no XRechnung yet."))
        return {
            "type": "ir.actions.act_url",
            "url": "/my/invoices/%d/facturx" % self.id,
            "target": "self",
        }

    # ------------------------------------------------------------------ checks
    @api.multi
    def _check_xrechnung_data(self):
        """Refuse, listing every missing datum once, before anything is written."""
        problems = []
        for invoice in self:
            for problem in invoice._xrechnung_problems():
                if problem not in problems:
                    problems.append(problem)
        if problems:
            raise UserError(_(
                "The XRechnung e-invoice for the public buyer cannot be created, so the "
                "invoice was not validated. Please complete:\n%s") % "\n".join(
                    "- %s" % problem for problem in problems))

    @api.multi
    def _xrechnung_problems(self):
        """What keeps the invoice from being a valid XRechnung: user-readable texts."""
        self.ensure_one()
        return (self._xrechnung_buyer_problems() + self._xrechnung_seller_problems()
                + self._xrechnung_content_problems())

    def _xrechnung_buyer_problems(self):
        buyer = self.commercial_partner_id
        values = {"partner": buyer.name}
        problems = []
        if not buyer.leitweg_id:
            problems.append(_(
                "Leitweg-ID (BT-10) of %(partner)s is missing: enter it on the contact "
                "form of %(partner)s, %(place)s.") % dict(values, place=buyer._leitweg_id_place()))
        if not buyer.zip:
            problems.append(_(
                "Post code (BT-53) of %(partner)s is missing: enter it in the address on "
                "the contact form of %(partner)s.") % values)
        if not buyer.city:
            problems.append(_(
                "City (BT-52) of %(partner)s is missing: enter it in the address on the "
                "contact form of %(partner)s.") % values)
        if not buyer.country_id:
            problems.append(_(
                "Country (BT-55) of %(partner)s is missing: enter it in the address on "
                "the contact form of %(partner)s.") % values)
        return problems

    def _xrechnung_seller_problems(self):
        company = self.company_id
        contact = company.document_contact_id
        bank = self._xrechnung_bank_account()
        values = {"company": company.name, "contact": contact.name,
                  "account": bank.acc_number}
        problems = []
        if not company.zip:
            problems.append(_(
                "Post code (BT-38) of %(company)s is missing: enter it in Settings > Users & "
                "Companies > Companies > %(company)s.") % values)
        if not company.city:
            problems.append(_(
                "City (BT-37) of %(company)s is missing: enter it in Settings > Users & "
                "Companies > Companies > %(company)s.") % values)
        if not company.country_id:
            problems.append(_(
                "Country (BT-40) of %(company)s is missing: enter it in Settings > Users & "
                "Companies > Companies > %(company)s.") % values)
        if not company.einvoice_email:
            problems.append(_(
                "E-invoice address (BT-34) of %(company)s is missing: enter it in "
                "Settings > Users & Companies > Companies > %(company)s, tab "
                "E-Invoicing.") % values)
        if not contact:
            problems.append(_(
                "Invoice contact (BG-6) of %(company)s is missing: choose the contact on "
                "documents in Settings > Users & Companies > Companies > %(company)s, tab "
                "E-Invoicing.") % values)
        else:
            if not (contact.phone or contact.mobile):
                problems.append(_(
                    "Phone number (BT-42) of the invoice contact %(contact)s is missing: "
                    "enter it on the contact %(contact)s (Settings > Users & Companies > "
                    "Companies > %(company)s, tab E-Invoicing).") % values)
            if not contact.email:
                problems.append(_(
                    "E-mail address (BT-43) of the invoice contact %(contact)s is missing: "
                    "enter it on the contact %(contact)s (Settings > Users & Companies > "
                    "Companies > %(company)s, tab E-Invoicing).") % values)
        if not bank:
            problems.append(_(
                "Bank account (IBAN, BT-84) of %(company)s is missing: choose the bank "
                "account for e-invoices in Settings > Users & Companies > Companies > "
                "%(company)s, tab E-Invoicing.") % values)
        elif not iban.is_valid(bank.acc_number):
            problems.append(_(
                "The bank account %(account)s of %(company)s is not a valid IBAN (BT-84): "
                "correct it in Settings > Users & Companies > Companies > %(company)s, "
                "tab E-Invoicing.") % values)
        subject_to_vat = "O" not in self._xrechnung_categories()
        if subject_to_vat and not (company.vat or company.tax_number):
            problems.append(_(
                "Tax number (BT-32) of %(company)s is missing: an invoice with VAT must "
                "name the tax number or the VAT ID (BR-DE-16); enter it in Settings > "
                "Users & Companies > Companies > %(company)s, tab E-Invoicing.") % values)
        if not company.company_registry and not (subject_to_vat and company.vat):
            problems.append(_(
                "Company registry (BT-30) of %(company)s is missing: an e-invoice without "
                "VAT ID identifies the seller by its registry entry (BR-CO-26); enter it "
                "in Settings > Users & Companies > Companies > %(company)s.") % values)
        return problems

    def _xrechnung_content_problems(self):
        company = self.company_id
        problems = []
        if self.currency_id.name != "EUR":
            problems.append(_("The invoice is in %s: e-invoices to public buyers are "
                              "issued in EUR.") % self.currency_id.name)
        if not self.invoice_line_ids:
            problems.append(_("The invoice has no lines."))
        if self.cash_rounding_id:
            problems.append(_("Cash rounding is not supported in e-invoices: remove it "
                              "from the invoice."))
        taxes = self.env["account.tax"]
        for line in self.invoice_line_ids:
            if len(line.invoice_line_tax_ids) > 1:
                problems.append(_(
                    "The invoice line \"%s\" has several taxes, but an e-invoice line has "
                    "exactly one VAT category: keep one tax on the line.") % line.name)
            elif not line._xrechnung_tax():
                problems.append(_(
                    "The invoice line \"%(line)s\" has no tax: choose one, or set how lines "
                    "without tax count in Settings > Users & Companies > Companies > "
                    "%(company)s, tab E-Invoicing.") % {"line": line.name,
                                                         "company": company.name})
            else:
                taxes |= line._xrechnung_tax()
        for tax in taxes:
            values = {"tax": tax.name, "category": tax._xrechnung_category()}
            if tax.amount_type != "percent":
                problems.append(_("The tax %(tax)s is not a percentage of the price; "
                                  "e-invoices know percentage taxes only.") % values)
            elif tax.price_include:
                problems.append(_(
                    "The tax %(tax)s is included in the price, but e-invoices need net "
                    "prices: use a tax excluded from the price.") % values)
            elif not values["category"]:
                problems.append(_(
                    "The tax %(tax)s has no VAT category for e-invoices (BT-151): set it in "
                    "Invoicing > Configuration > Taxes > %(tax)s, tab Advanced Options.")
                    % values)
            elif tax._xrechnung_needs_exemption_reason() and not (
                    tax.einvoice_exemption_reason or tax.einvoice_exemption_reason_code):
                problems.append(_(
                    "The tax %(tax)s of VAT category %(category)s needs an exemption "
                    "reason (BT-120) or its code (BT-121): enter it in Invoicing > "
                    "Configuration > Taxes > %(tax)s, tab Advanced Options.") % values)
        categories = self._xrechnung_categories()
        if "O" in categories and len(categories) > 1:
            problems.append(_(
                "The invoice mixes lines not subject to VAT (category O) with lines of "
                "category %s. An e-invoice must not mix them (BR-O-11 to BR-O-14): put the "
                "lines not subject to VAT on an invoice of their own.") % ", ".join(
                    sorted(categories - {"O"})))
        for tax_line in self.tax_line_ids.filtered(lambda t: t.tax_id not in taxes):
            problems.append(_(
                "The tax line \"%s\" belongs to no invoice line: remove it or give the "
                "invoice lines their tax.") % tax_line.name)
        return problems

    def _xrechnung_categories(self):
        """The VAT categories of the invoice lines (known ones only)."""
        return {tax._xrechnung_category() for tax in
                (line._xrechnung_tax() for line in self.invoice_line_ids)
                if len(tax) == 1 and tax._xrechnung_category()}

    def _xrechnung_bank_account(self):
        """The company's account the buyer pays to: the invoice's, else the default."""
        if self.partner_bank_id.partner_id == self.company_id.partner_id:
            return self.partner_bank_id
        return self.company_id.einvoice_bank_id

    # ------------------------------------------------------------------ values
    @api.multi
    def _prepare_xrechnung_values(self):
        """What the invoice's XRechnung says (the dictionary of xrechnung/cii.py).

        A hook for modules that add to the file. The invoice's source document
        (``origin``) is the supporting document reference (BT-122).
        Lines with a service period give the invoice period (BG-14); without any, the
        invoice date is the delivery date (BT-72), as German invoices do by convention
        ("Leistungsdatum entspricht Rechnungsdatum").
        """
        self.ensure_one()
        currency = self.currency_id
        lines = self.invoice_line_ids
        line_taxes = OrderedDict((line, line._xrechnung_tax()) for line in lines)
        subject_to_vat = "O" not in self._xrechnung_categories()
        periods = [period for period in (line._xrechnung_period() for line in lines)
                   if period]
        taxes = self._prepare_xrechnung_taxes(line_taxes)
        line_total = currency.round(sum(lines.mapped("price_subtotal")))
        tax_total = currency.round(sum(tax["amount"] for tax in taxes))
        return {
            "number": self.number,
            "type_code": EINVOICE_TYPE_CODES[self.type],
            "issue_date": _date(self.date_invoice),
            "currency": currency.name,
            "notes": [self.comment] if self.comment else [],
            "buyer_reference": self.commercial_partner_id.leitweg_id,
            "seller": self._prepare_xrechnung_seller(subject_to_vat),
            "buyer": self._prepare_xrechnung_buyer(subject_to_vat),
            "supporting_documents": [{"id": self.origin}] if self.origin else [],
            "delivery_date": None if periods else _date(self.date_invoice),
            "period": (_date(min(start for start, _end in periods)),
                       _date(max(end for _start, end in periods))) if periods else None,
            "payment_reference": self._einvoice_payment_reference(),
            "payment_means": self._prepare_xrechnung_payment_means(),
            "taxes": taxes,
            "due_date": _date(self.date_due),
            "payment_terms": self.payment_term_id.note or self.payment_term_id.name,
            "totals": {
                "line_total": line_total,
                "tax_basis": line_total,
                "tax_total": tax_total,
                "grand_total": self.amount_total,
                "prepaid": currency.round(self.amount_total - self.residual),
                "due": self.residual,
            },
            "preceding_invoices": [{
                "number": self.refund_invoice_id.number,
                "date": _date(self.refund_invoice_id.date_invoice),
            }] if self.refund_invoice_id else [],
            "lines": [self._prepare_xrechnung_line(number, line, tax)
                      for number, (line, tax) in enumerate(line_taxes.items(), 1)],
        }

    def _einvoice_payment_reference(self):
        """What the buyer quotes when paying (BT-83): the invoice's payment reference
        as another module defines it, else its reference or number."""
        if hasattr(self, "_get_payment_reference"):
            return self._get_payment_reference()
        return self.reference or self.number

    def _prepare_xrechnung_seller(self, subject_to_vat):
        company = self.company_id
        partner = company.partner_id
        contact = company.document_contact_id
        return {
            "name": company.name,
            "legal_id": company.company_registry,
            # BR-O-02: no VAT ID on an invoice not subject to VAT
            "vat_id": company.vat if subject_to_vat else None,
            "tax_number": company.tax_number,
            "street": partner.street,
            "street2": partner.street2,
            "zip": partner.zip,
            "city": partner.city,
            "country_code": partner.country_id.code,
            "electronic_address": (EMAIL_SCHEME, company.einvoice_email),
            "contact": {"name": contact.name, "phone": contact.phone or contact.mobile,
                        "email": contact.email},
        }

    def _prepare_xrechnung_buyer(self, subject_to_vat):
        buyer = self.commercial_partner_id
        values = {
            "name": buyer.name,
            "vat_id": buyer.vat if subject_to_vat else None,
            "street": buyer.street,
            "street2": buyer.street2,
            "zip": buyer.zip,
            "city": buyer.city,
            "country_code": buyer.country_id.code,
            "electronic_address": (LEITWEG_ID_SCHEME, buyer.leitweg_id),
        }
        if self.partner_id != buyer:  # the invoice is addressed to a person of the buyer
            values["contact"] = {"name": self.partner_id.name, "phone": self.partner_id.phone,
                                 "email": self.partner_id.email}
        return values

    def _prepare_xrechnung_payment_means(self):
        bank = self._xrechnung_bank_account()
        return {
            "code": SEPA_CREDIT_TRANSFER,
            "iban": iban.compact(bank.acc_number),
            "bic": bank.bank_id.bic,
            "account_name": self.company_id.name,
        }

    def _prepare_xrechnung_taxes(self, line_taxes):
        """The VAT breakdown (BG-23): one entry per category and rate, with the tax
        amounts booked on the invoice."""
        currency = self.currency_id
        groups = OrderedDict()
        for line, tax in line_taxes.items():
            group = groups.setdefault((tax._xrechnung_category(), tax.amount), {
                "taxes": self.env["account.tax"], "basis": 0.0})
            group["taxes"] |= tax
            group["basis"] += line.price_subtotal
        breakdown = []
        for (category, rate), group in groups.items():
            taxes = group["taxes"]
            reason_tax = taxes[0] if taxes[0]._xrechnung_needs_exemption_reason() else None
            breakdown.append({
                "category": category,
                "rate": rate,
                "basis": currency.round(group["basis"]),
                "amount": currency.round(sum(self.tax_line_ids.filtered(
                    lambda tax_line: tax_line.tax_id in taxes).mapped("amount_total"))),
                "exemption_reason": reason_tax and reason_tax.einvoice_exemption_reason,
                "exemption_reason_code": reason_tax and reason_tax.einvoice_exemption_reason_code,
            })
        return breakdown

    def _prepare_xrechnung_line(self, number, line, tax):
        """One line of the file (BG-25); a hook for modules that state quantities and
        prices otherwise (e.g. a price per base quantity, BT-149)."""
        # the net price keeps the decimals a discount gives it: quantity x net price
        # is then the line amount, rounded to the cent only there, as Odoo does
        quantity, gross_price = line.quantity, line.price_unit
        net_price = float_round(gross_price * (1 - (line.discount or 0.0) / 100.0),
                                precision_digits=PRICE_DIGITS)
        if net_price < 0:  # BR-27: prices are never negative, the quantity has the sign
            quantity, gross_price, net_price = -quantity, -gross_price, -net_price
        text = line.name.strip()
        name = text.splitlines()[0]
        unit = line.uom_id
        return {
            "id": str(number),
            "name": name,
            "description": text if text != name else None,
            "seller_item_id": line.product_id.default_code,
            "quantity": quantity,
            "unit_code": self._xrechnung_unit_code(unit),
            "net_price": net_price,
            "base_quantity": None,
            "gross_price": gross_price if line.discount else None,
            "price_discount": float_round(gross_price - net_price,
                                          precision_digits=PRICE_DIGITS),
            "net_amount": line.price_subtotal,
            "category": tax._xrechnung_category(),
            "rate": tax.amount,
            "period": tuple(_date(day) for day in line._xrechnung_period())
            if line._xrechnung_period() else None,
        }

    def _xrechnung_unit_code(self, uom):
        if uom:
            # the lookup of an external id is cached, the external ids of a record are
            # not: get_external_id would cost queries per line
            IrModelData = self.env["ir.model.data"]
            for xmlid, code in UNECE_UNIT_CODES.items():
                if IrModelData.xmlid_to_res_id(xmlid) == uom.id:
                    return code
        return "C62"

    # ------------------------------------------------------------------ files
    @api.multi
    def _build_xrechnung(self, guideline=cii.SPECIFICATION_ID):
        """The XRechnung file as bytes; refused when it fails the XML schema check.

        :param guideline: what the file declares itself to be (BT-24); the XML inside a
            Factur-X PDF declares the EN 16931 profile (``cii.FACTURX_EN16931_ID``)
        """
        self.ensure_one()
        buyer_language = self.with_context(lang=self.partner_id.lang or self.env.lang)
        xml = cii.build_cii(buyer_language._prepare_xrechnung_values(), guideline=guideline)
        errors = cii.xsd_errors(xml)
        if errors:
            raise UserError(_(
                "The XRechnung of %s fails the XML schema check and was not saved:\n%s")
                % (self.number, "\n".join(errors[:10])))
        return xml

    def _document_filename(self, extension, kind=None):
        """The invoice's number as a file name: RE-2022-0003.pdf, RE-2022-0003-xrechnung.xml."""
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", self.number or str(self.id)).strip("-")
        return "%s.%s" % ("-".join(filter(None, [stem, kind])), extension)

    def _xrechnung_filename(self):
        return self._document_filename("xml", "xrechnung")

    @api.multi
    def _attach_xrechnung(self):
        for invoice in self:
            xml = invoice._build_xrechnung()
            filename = invoice._xrechnung_filename()
            values = {
                "name": filename,
                "datas_fname": filename,
                "datas": base64.b64encode(xml),
                "mimetype": "application/xml",
                "res_model": self._name,
                "res_id": invoice.id,
            }
            # As superuser: Odoo stores XML from other users as text/plain (it guards
            # against uploaded scripts); this file is built here, not uploaded.
            attachment = invoice.xrechnung_attachment_id.sudo()
            if attachment:
                attachment.write(values)
            else:
                attachment = self.env["ir.attachment"].sudo().create(values)
                invoice.xrechnung_attachment_id = attachment
            invoice.message_post(body=_("XRechnung %s created.") % html_escape(filename))

    @api.multi
    def _xrechnung_xml(self):
        self.ensure_one()
        return base64.b64decode(self.xrechnung_attachment_id.datas)

    @api.multi
    def _embed_xrechnung_in_pdf(self, pdf):
        """The invoice PDF as Factur-X / ZUGFeRD: PDF/A-3 with the invoice's XML inside,
        declared as the EN 16931 profile, which the PDF's metadata names; the
        ``factur-x`` library checks the XML against that profile's schema."""
        self.ensure_one()
        kind = _("Credit note") if self.type == "out_refund" else _("Invoice")
        title = "%s: %s %s" % (self.company_id.name, kind, self.number)
        return facturx.generate_from_binary(
            pdf, self._build_xrechnung(guideline=cii.FACTURX_EN16931_ID),
            flavor="factur-x", level="en16931", check_xsd=True,
            lang=(self.partner_id.lang or "de_DE").replace("_", "-"),
            pdf_metadata={"author": self.company_id.name, "title": title,
                          "subject": title, "keywords": "Factur-X, XRechnung"})

    @api.multi
    def _facturx_pdf(self):
        self.ensure_one()
        report = self.env.ref("account.account_invoices")
        return report.with_context(einvoice_facturx=True).render_qweb_pdf(self.ids)[0]

    @api.multi
    def _einvoice_mail_attachments(self):
        """The files an e-mail with the invoice carries besides the PDF."""
        self.ensure_one()
        if self.einvoice_format == "facturx_pdf":
            return self.env["ir.attachment"]  # the XML is inside the PDF
        return self.xrechnung_attachment_id

    @api.multi
    def _vat_exemption_notes(self):
        """Why no VAT is charged (BT-120), for the printed invoice."""
        self.ensure_one()
        notes = []
        for line in self.invoice_line_ids:
            tax = line.invoice_line_tax_ids
            if not tax and self.einvoice_required:
                tax = line.company_id.einvoice_untaxed_line_tax_id
            if (len(tax) == 1 and tax.einvoice_exemption_reason
                    and tax._xrechnung_needs_exemption_reason()
                    and tax.einvoice_exemption_reason not in notes):
                notes.append(tax.einvoice_exemption_reason)
        return notes
