"""A seller with complete e-invoice data and a public buyer with a Leitweg-ID, made in
the test itself: accounts, sales journal and taxes need no chart of accounts."""
import base64
import io

from lxml import etree
from pypdf import PdfWriter

from odoo.tests.common import SavepointCase

from ..tools import leitweg_check_digits
from ..xrechnung import cii

NS = cii.NAMESPACES
SELLER = "//ram:ApplicableHeaderTradeAgreement/ram:SellerTradeParty"
BUYER = "//ram:ApplicableHeaderTradeAgreement/ram:BuyerTradeParty"
SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMMATION = SETTLEMENT + "/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
LINES = "//ram:IncludedSupplyChainTradeLineItem"
IBAN = "DE89370400440532013000"
EXEMPTION_REASON = ("Nicht steuerbare Leistung einer juristischen Person des öffentlichen "
                    "Rechts im Rahmen der öffentlichen Gewalt (§ 2b UStG)")
SELLER_NAME = "Zweckverband Musterwasser"


def ensure_german(env):
    """German active, with this module's German terms (a database may lack them)."""
    if not env["res.lang"].search([("code", "=", "de_DE")]):
        env["res.lang"].load_lang("de_DE")
        env["ir.module.module"].search([("name", "=", "l10n_de_xrechnung")]) \
            ._update_translations("de_DE")


def blank_pdf():
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def setup_einvoice_world(cls):
    """Seller (the main company), accounts, journal, taxes and a public buyer on ``cls``."""
    env = cls.env
    cls.company = company = env.ref("base.main_company")
    euro = env.ref("base.EUR")
    if company.currency_id != euro:
        company.currency_id = euro
    germany = env.ref("base.de")
    Account = env["account.account"]

    def account(code, name, kind, reconcile=False):
        return Account.create({
            "code": code, "name": name, "company_id": company.id, "reconcile": reconcile,
            "user_type_id": env.ref("account.data_account_type_%s" % kind).id})

    cls.receivable = account("XR1400", "Forderungen (Test)", "receivable", reconcile=True)
    cls.revenue = account("XR8400", "Erlöse (Test)", "revenue")
    cls.tax_account = account("XR1776", "Umsatzsteuer (Test)", "current_liabilities")
    cls.journal = env["account.journal"].create({
        "name": "Ausgangsrechnungen (Test)", "code": "XRT", "type": "sale",
        "company_id": company.id, "refund_sequence": True})
    Tax = env["account.tax"]
    cls.tax_19 = Tax.create({
        "name": "19 % USt (Test)", "description": "19% USt", "type_tax_use": "sale",
        "amount_type": "percent", "amount": 19.0, "company_id": company.id,
        "account_id": cls.tax_account.id, "refund_account_id": cls.tax_account.id})
    cls.tax_o = Tax.create({
        "name": "Nicht steuerbar (Test)", "description": "nicht steuerbar",
        "type_tax_use": "sale", "amount_type": "percent", "amount": 0.0,
        "company_id": company.id, "einvoice_vat_category": "O",
        "einvoice_exemption_reason": EXEMPTION_REASON,
        "einvoice_exemption_reason_code": "VATEX-EU-O"})
    bank = env["res.bank"].create({"name": "Testbank", "bic": "COBADEFFXXX"})
    cls.bank_account = env["res.partner.bank"].create({
        "acc_number": "DE89 3704 0044 0532 0130 00", "bank_id": bank.id,
        "partner_id": company.partner_id.id})
    cls.contact = env["res.partner"].create({
        "name": "Finanzbuchhaltung Musterwasser", "parent_id": company.partner_id.id,
        "type": "invoice", "phone": "+49 385 30031-250",
        "email": "rechnung@musterwasser.example"})
    company.write({
        "name": SELLER_NAME,
        "street": "Wasserweg 3", "zip": "19061", "city": "Schwerin",
        "country_id": germany.id,
        "vat": "DE136695976",
        "company_registry": "Amtsgericht Schwerin HRA 4711",
        "tax_number": "090/123/45678",
        "einvoice_email": "e-rechnung@musterwasser.example",
        "document_contact_id": cls.contact.id,
        "einvoice_bank_id": cls.bank_account.id,
        "einvoice_untaxed_line_tax_id": cls.tax_o.id,
    })
    cls.leitweg_id = "13076088-XR-%s" % leitweg_check_digits("13076088", "XR")
    cls.buyer = env["res.partner"].create({
        "name": "Stadt Musterhagen", "is_company": True, "customer": True,
        "leitweg_id": cls.leitweg_id,
        "street": "Markt 1", "zip": "19249", "city": "Musterhagen",
        "country_id": germany.id, "vat": "DE811569869", "lang": "de_DE",
        "property_account_receivable_id": cls.receivable.id})
    cls.finance_person = env["res.partner"].create({
        "name": "Ines Becker", "parent_id": cls.buyer.id, "type": "invoice",
        "phone": "+49 38855 123", "email": "finanzen@musterhagen.example"})


class XRechnungFileAssertions(object):
    """Reading an invoice's XRechnung and its attachments in a test."""

    def _xml(self, invoice):
        attachment = invoice.xrechnung_attachment_id
        self.assertTrue(attachment, "the validated invoice has no XRechnung attached")
        return etree.fromstring(base64.b64decode(attachment.datas))

    def _values(self, tree, path):
        return [node.text if isinstance(node, etree._Element) else str(node)
                for node in tree.xpath(path, namespaces=NS)]

    def _value(self, tree, path):
        values = self._values(tree, path)
        self.assertEqual(len(values), 1, "expected one %s, found %r" % (path, values))
        return values[0]

    def _attachments(self, invoice):
        return self.env["ir.attachment"].search([
            ("res_model", "=", "account.invoice"), ("res_id", "=", invoice.id)])


class XRechnungCase(XRechnungFileAssertions, SavepointCase):

    @classmethod
    def setUpClass(cls):
        super(XRechnungCase, cls).setUpClass()
        ensure_german(cls.env)
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))
        setup_einvoice_world(cls)

    def _invoice(self, lines, partner=None, **values):
        values.update({
            "partner_id": (partner or self.buyer).id,
            "type": values.get("type", "out_invoice"),
            "journal_id": self.journal.id,
            "company_id": self.company.id,
            "currency_id": self.company.currency_id.id,
            "account_id": self.receivable.id,
            "invoice_line_ids": [(0, 0, dict({"account_id": self.revenue.id, "quantity": 1},
                                             **line)) for line in lines],
        })
        return self.env["account.invoice"].create(values)

    def _non_taxable_invoice(self):
        return self._invoice([
            {"name": "Betriebsführung Kläranlage, erstes Jahr", "price_unit": 26640.0,
             "invoice_line_tax_ids": [(6, 0, self.tax_o.ids)],
             "start_date": "2021-01-01", "end_date": "2021-12-31"},
            {"name": "Vorsorglich einzuplanende Investitionsmittel", "price_unit": 5000.0},
        ], origin="Vertrag 2021 Betriebsführung", date_invoice="2021-02-15")

    def _taxable_invoice(self):
        return self._invoice([
            {"name": "Wartung Fachverfahren\nJanuar bis Dezember", "quantity": 12,
             "price_unit": 250.0, "discount": 10,
             "uom_id": self.env.ref("product.product_uom_hour").id,
             "invoice_line_tax_ids": [(6, 0, self.tax_19.ids)]},
            {"name": "Austausch Arbeitsplatz-PC", "quantity": 3, "price_unit": 899.99,
             "invoice_line_tax_ids": [(6, 0, self.tax_19.ids)]},
        ], partner=self.finance_person, date_invoice="2021-03-01",
            payment_term_id=self.env.ref("account.account_payment_term_net").id)
