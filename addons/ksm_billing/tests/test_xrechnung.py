"""KSM's invoices as XRechnung (l10n_de_xrechnung, whose tests check the file in
detail): KSM's seller data, the Träger as buyers, the Leitweg-ID on the invoice."""
from lxml import etree

from odoo.addons.l10n_de_xrechnung.tools import leitweg_check_digits
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from odoo.addons.l10n_de_xrechnung.tests.common import (
    BUYER, EXEMPTION_REASON, IBAN, SELLER, SETTLEMENT, SUMMATION, XRechnungFileAssertions)
from odoo.addons.l10n_de_xrechnung.xrechnung import cii


class XRechnungCase(XRechnungFileAssertions, SavepointCase):
    """KSM as seller with complete e-invoice data; a Träger with a Leitweg-ID."""

    @classmethod
    def setUpClass(cls):
        super(XRechnungCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))  # as KSM's staff work
        cls.company = cls.env.ref("base.main_company")
        cls.tax_o = cls.env.ref("l10n_de_xrechnung.tax_not_taxable_2b")
        cls.revenue = cls.env["account.account"].search([
            ("company_id", "=", cls.company.id),
            ("user_type_id", "=", cls.env.ref("account.data_account_type_revenue").id)],
            limit=1)
        bank = cls.env["res.bank"].create({"name": "Testbank", "bic": "COBADEFFXXX"})
        cls.bank_account = cls.env["res.partner.bank"].create({
            "acc_number": "DE89 3704 0044 0532 0130 00", "bank_id": bank.id,
            "partner_id": cls.company.partner_id.id})
        cls.contact = cls.env["res.partner"].create({
            "name": "KSM Finanzbuchhaltung", "parent_id": cls.company.partner_id.id,
            "type": "invoice", "phone": "+49 385 30031-250",
            "email": "rechnung@ksm-mv.de"})
        cls.company.write({
            "vat": "DE136695976",
            "company_registry": "Amtsgericht Schwerin HRA 4711",
            "tax_number": "090/123/45678",
            "einvoice_email": "e-rechnung@ksm-mv.de",
            "document_contact_id": cls.contact.id,
            "einvoice_bank_id": cls.bank_account.id,
            "einvoice_untaxed_line_tax_id": cls.tax_o.id,
        })
        cls.leitweg_id = "13076088-XR-%s" % leitweg_check_digits("13076088", "XR")
        cls.traeger = cls.env["res.partner"].create({
            "name": "Stadt Musterhagen", "is_company": True, "customer": True,
            "ksm_is_traeger": True, "leitweg_id": cls.leitweg_id,
            "street": "Markt 1", "zip": "19249", "city": "Musterhagen",
            "country_id": cls.env.ref("base.de").id, "vat": "DE811569869", "lang": "de_DE"})

    def _invoice(self, lines, partner=None, **values):
        values.update({
            "partner_id": (partner or self.traeger).id,
            "type": values.get("type", "out_invoice"),
            "invoice_line_ids": [(0, 0, dict({"account_id": self.revenue.id, "quantity": 1},
                                             **line)) for line in lines],
        })
        return self.env["account.invoice"].create(values)

    def _non_taxable_invoice(self):
        return self._invoice([
            {"name": "Migration IT-Betrieb, erste Hälfte", "price_unit": 26640.0,
             "invoice_line_tax_ids": [(6, 0, self.tax_o.ids)],
             "start_date": "2021-01-01", "end_date": "2021-12-31"},
            {"name": "Vorsorglich einzuplanende Investitionsmittel", "price_unit": 5000.0},
        ], origin="Serviceschein 2021 Projektleistungen", date_invoice="2021-02-15")

    def assertRefused(self, invoice, *messages):
        with self.assertRaises(UserError) as refusal:
            invoice.action_invoice_open()
        for message in messages:
            self.assertIn(message, refusal.exception.name)
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(invoice.number)
        self.assertFalse(invoice.xrechnung_attachment_id)
        self.assertFalse(self._attachments(invoice), "a refused invoice got a file")
        return refusal.exception.name


class TestXRechnungFiles(XRechnungCase):
    """A Träger's invoice as e-invoice; the file's terms in detail are
    l10n_de_xrechnung's tests."""

    def test_invoice_to_a_traeger(self):
        invoice = self._non_taxable_invoice()
        self.assertTrue(invoice.einvoice_required)  # a Träger, whatever its Leitweg-ID
        invoice.action_invoice_open()
        self.assertRegex(invoice.number, r"^RE-2021-\d{4}$")
        tree = self._xml(invoice)
        self.assertEqual(cii.xsd_errors(etree.tostring(tree)), [])
        self.assertEqual(self._value(tree, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"),
                         invoice.number)
        # the Träger is the buyer, reached by its Leitweg-ID (BR-DE-15)
        self.assertEqual(self._value(tree, BUYER + "/ram:Name"), "Stadt Musterhagen")
        self.assertEqual(self._value(tree, "//ram:BuyerReference"), self.leitweg_id)
        self.assertEqual(self._value(tree, BUYER + "/ram:URIUniversalCommunication/ram:URIID"),
                         self.leitweg_id)
        # the company is the seller, paid to its IBAN
        self.assertEqual(self._value(tree, SELLER + "/ram:Name"), self.company.name)
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans"
                                     "/ram:PayeePartyCreditorFinancialAccount/ram:IBANID"), IBAN)
        # the service sheet is the supporting document (BT-122)
        self.assertEqual(self._value(tree, "//ram:ApplicableHeaderTradeAgreement"
                                     "/ram:AdditionalReferencedDocument/ram:IssuerAssignedID"),
                         "Serviceschein 2021 Projektleistungen")
        self.assertEqual(self._value(tree, SUMMATION + "/ram:DuePayableAmount"), "31640.00")

    def test_printed_invoice_names_the_leitweg_id(self):
        self.traeger.ref = "10042"
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        # in the information block after the customer number, as the e-invoice does
        rows = invoice._din5008_information()
        position = rows.index(("Kundennummer", "10042"))
        self.assertEqual(rows[position + 1], ("Leitweg-ID", self.leitweg_id))
        report = self.env.ref("account.account_invoices")
        printed = " ".join(etree.HTML(report.render_qweb_html(invoice.ids)[0]).xpath(
            "string(//body)").split())
        self.assertIn("Leitweg-ID %s" % self.leitweg_id, printed)
        self.assertIn(EXEMPTION_REASON, printed)


class TestXRechnungRefusals(XRechnungCase):
    """What KSM adds to l10n_de_xrechnung's refusals (which its own tests check): a
    Träger is an e-invoice buyer, also without Leitweg-ID, which is entered on the
    tab KSM."""

    def test_traeger_without_leitweg_id_is_an_einvoice_buyer(self):
        self.traeger.leitweg_id = False
        invoice = self._non_taxable_invoice()
        self.assertTrue(invoice.einvoice_required)
        customer = self.env["res.partner"].create({"name": "Musterfirma GmbH", "customer": True})
        self.assertFalse(self._invoice([{"name": "Schulung", "price_unit": 100.0}],
                                       partner=customer).einvoice_required)

    def test_missing_leitweg_id(self):
        self.traeger.leitweg_id = False
        self.assertRefused(
            self._non_taxable_invoice(),
            "Leitweg-ID (BT-10) von Stadt Musterhagen fehlt: bitte im Kontaktformular von "
            "Stadt Musterhagen, Reiter KSM, eintragen.")

    def test_validating_several_invoices_refuses_all(self):
        good = self._non_taxable_invoice()
        bad = self._invoice([{"name": "Leistung", "price_unit": 10.0}], partner=self.env[
            "res.partner"].create({"name": "Amt Ohne-ID", "is_company": True,
                                   "ksm_is_traeger": True}))
        with self.assertRaises(UserError):
            (good + bad).action_invoice_open()
        self.assertEqual((good.state, bad.state), ("draft", "draft"))
        self.assertFalse(self._attachments(good) or self._attachments(bad))

