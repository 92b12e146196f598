"""XRechnung e-invoices: what the generated files say, and what is refused."""
import base64
import io

import facturx
from lxml import etree
from pypdf import PdfReader, PdfWriter

from odoo.addons.ksm_membership.tools import leitweg_check_digits
from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import SavepointCase

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


class XRechnungCase(SavepointCase):
    """KSM as seller with complete e-invoice data; a Träger with a Leitweg-ID."""

    @classmethod
    def setUpClass(cls):
        super(XRechnungCase, cls).setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="de_DE"))  # as KSM's staff work
        cls.company = cls.env.ref("base.main_company")
        cls.tax_o = cls.env.ref("ksm_billing.tax_not_taxable_2b")
        cls.tax_19 = cls.env["account.tax"].search([
            ("company_id", "=", cls.company.id), ("type_tax_use", "=", "sale"),
            ("description", "=", "19% USt")], limit=1)
        assert cls.tax_19.amount == 19 and not cls.tax_19.ksm_vat_category
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
            "ksm_einvoice_email": "e-rechnung@ksm-mv.de",
            "document_contact_id": cls.contact.id,
            "ksm_einvoice_bank_id": cls.bank_account.id,
            "ksm_untaxed_line_tax_id": cls.tax_o.id,
        })
        cls.leitweg_id = "13076088-XR-%s" % leitweg_check_digits("13076088", "XR")
        cls.traeger = cls.env["res.partner"].create({
            "name": "Stadt Musterhagen", "is_company": True, "customer": True,
            "ksm_is_traeger": True, "ksm_leitweg_id": cls.leitweg_id,
            "street": "Markt 1", "zip": "19249", "city": "Musterhagen",
            "country_id": cls.env.ref("base.de").id, "vat": "DE811569869", "lang": "de_DE"})
        cls.finance_person = cls.env["res.partner"].create({
            "name": "Ines Becker", "parent_id": cls.traeger.id, "ksm_role_finance": True,
            "phone": "+49 38855 123", "email": "finanzen@musterhagen.example"})

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
             "ksm_period_start": "2021-01-01", "ksm_period_end": "2021-12-31"},
            {"name": "Vorsorglich einzuplanende Investitionsmittel", "price_unit": 5000.0},
        ], origin="Serviceschein 2021 Projektleistungen", date_invoice="2021-02-15")

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

    def _xml(self, invoice):
        attachment = invoice.ksm_xrechnung_attachment_id
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

    def assertRefused(self, invoice, *messages):
        with self.assertRaises(UserError) as refusal:
            invoice.action_invoice_open()
        for message in messages:
            self.assertIn(message, refusal.exception.name)
        self.assertEqual(invoice.state, "draft")
        self.assertFalse(invoice.number)
        self.assertFalse(invoice.ksm_xrechnung_attachment_id)
        self.assertFalse(self._attachments(invoice), "a refused invoice got a file")
        return refusal.exception.name


class TestXRechnungFiles(XRechnungCase):

    def assertCommonTerms(self, tree, invoice):
        """What every XRechnung must say, whatever its taxes."""
        self.assertEqual(cii.xsd_errors(etree.tostring(tree)), [])
        self.assertEqual(self._value(tree, "//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID"),
                         "urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0")
        self.assertEqual(
            self._value(tree, "//ram:BusinessProcessSpecifiedDocumentContextParameter/ram:ID"),
            "urn:fdc:peppol.eu:2017:poacc:billing:01:1.0")
        self.assertEqual(self._value(tree, "/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID"),
                         invoice.number)
        self.assertEqual(self._value(tree, "//rsm:ExchangedDocument/ram:IssueDateTime/udt:DateTimeString"),
                         invoice.date_invoice.replace("-", ""))
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:InvoiceCurrencyCode"), "EUR")
        # BR-DE-15: the buyer reference is the Leitweg-ID; it is the buyer's address too
        self.assertEqual(self._value(tree, "//ram:BuyerReference"), self.leitweg_id)
        self.assertEqual(self._value(tree, BUYER + "/ram:URIUniversalCommunication/ram:URIID"),
                         self.leitweg_id)
        self.assertEqual(self._value(tree, BUYER + "/ram:URIUniversalCommunication/ram:URIID/@schemeID"),
                         "0204")
        # PEPPOL-EN16931-R020: seller electronic address
        self.assertEqual(self._value(tree, SELLER + "/ram:URIUniversalCommunication/ram:URIID"),
                         "e-rechnung@ksm-mv.de")
        self.assertEqual(self._value(tree, SELLER + "/ram:URIUniversalCommunication/ram:URIID/@schemeID"),
                         "EM")
        # BR-DE-2, -5, -6, -7: seller contact with name, phone and e-mail
        contact = SELLER + "/ram:DefinedTradeContact"
        self.assertEqual(self._value(tree, contact + "/ram:PersonName"), "KSM Finanzbuchhaltung")
        self.assertEqual(self._value(tree, contact + "/ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
                         "+49 385 30031-250")
        self.assertEqual(self._value(tree, contact + "/ram:EmailURIUniversalCommunication/ram:URIID"),
                         "rechnung@ksm-mv.de")
        # BR-DE-3, -4, -8, -9: seller and buyer city and post code
        self.assertEqual(self._value(tree, SELLER + "/ram:Name"), "KSM Kommunalservice Mecklenburg AöR")
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:CityName"), "Schwerin")
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:PostcodeCode"), "19061")
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:CountryID"), "DE")
        self.assertEqual(self._value(tree, BUYER + "/ram:Name"), "Stadt Musterhagen")
        self.assertEqual(self._value(tree, BUYER + "/ram:PostalTradeAddress/ram:CityName"), "Musterhagen")
        self.assertEqual(self._value(tree, BUYER + "/ram:PostalTradeAddress/ram:PostcodeCode"), "19249")
        # BR-CO-26: the seller is identified (here by its registry entry, BT-30)
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedLegalOrganization/ram:ID"),
                         "Amtsgericht Schwerin HRA 4711")
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"),
                         "090/123/45678")
        # BR-DE-1, BR-DE-23: SEPA credit transfer to KSM's IBAN
        means = SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans"
        self.assertEqual(self._value(tree, means + "/ram:TypeCode"), "58")
        self.assertEqual(self._value(tree, means + "/ram:PayeePartyCreditorFinancialAccount/ram:IBANID"), IBAN)
        self.assertEqual(self._value(tree, means + "/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID"),
                         "COBADEFFXXX")
        # BR-DE-14: a rate in every VAT breakdown
        for breakdown in tree.xpath(SETTLEMENT + "/ram:ApplicableTradeTax", namespaces=NS):
            self.assertTrue(breakdown.xpath("ram:RateApplicablePercent", namespaces=NS))
        # totals equal Odoo's, and the line amounts add up to them (BR-CO-10, -13, -15, -16)
        line_amounts = self._values(
            tree, LINES + "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
        self.assertEqual(line_amounts, ["%.2f" % line.price_subtotal for line in invoice.invoice_line_ids])
        self.assertEqual(self._value(tree, SUMMATION + "/ram:LineTotalAmount"), "%.2f" % invoice.amount_untaxed)
        self.assertAlmostEqual(sum(float(amount) for amount in line_amounts),
                               float(self._value(tree, SUMMATION + "/ram:LineTotalAmount")), places=2)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TaxBasisTotalAmount"), "%.2f" % invoice.amount_untaxed)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TaxTotalAmount"), "%.2f" % invoice.amount_tax)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TaxTotalAmount/@currencyID"), "EUR")
        self.assertEqual(self._value(tree, SUMMATION + "/ram:GrandTotalAmount"), "%.2f" % invoice.amount_total)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TotalPrepaidAmount"), "0.00")
        self.assertEqual(self._value(tree, SUMMATION + "/ram:DuePayableAmount"), "%.2f" % invoice.residual)
        breakdown_sum = sum(float(v) for v in self._values(tree, SETTLEMENT + "/ram:ApplicableTradeTax/ram:CalculatedAmount"))
        self.assertAlmostEqual(breakdown_sum, invoice.amount_tax, places=2)

    def test_non_taxable_invoice(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, "open")
        attachment = invoice.ksm_xrechnung_attachment_id
        self.assertEqual(attachment.mimetype, "application/xml")
        self.assertEqual((attachment.res_model, attachment.res_id), ("account.invoice", invoice.id))
        self.assertTrue(attachment.datas_fname.endswith("-xrechnung.xml"))
        self.assertNotIn("/", attachment.datas_fname)
        tree = self._xml(invoice)
        self.assertCommonTerms(tree, invoice)
        self.assertEqual(self._value(tree, "//rsm:ExchangedDocument/ram:TypeCode"), "380")
        self.assertEqual(invoice.amount_total, 31640.0)
        # one breakdown of category O with rate 0, no VAT, and the reason (BR-O-09, -10, -11)
        self.assertEqual(self._values(tree, SETTLEMENT + "/ram:ApplicableTradeTax/ram:CategoryCode"), ["O"])
        tax = SETTLEMENT + "/ram:ApplicableTradeTax"
        self.assertEqual(self._value(tree, tax + "/ram:RateApplicablePercent"), "0.00")
        self.assertEqual(self._value(tree, tax + "/ram:CalculatedAmount"), "0.00")
        self.assertEqual(self._value(tree, tax + "/ram:BasisAmount"), "31640.00")
        self.assertEqual(self._value(tree, tax + "/ram:ExemptionReason"), EXEMPTION_REASON)
        self.assertEqual(self._value(tree, tax + "/ram:ExemptionReasonCode"), "VATEX-EU-O")
        # the line with the tax and the line without (company rule) are both category O,
        # and carry no rate (BR-O-05)
        self.assertEqual(self._values(tree, LINES + "//ram:ApplicableTradeTax/ram:CategoryCode"), ["O", "O"])
        self.assertEqual(self._values(tree, LINES + "//ram:RateApplicablePercent"), [])
        # BR-O-02: no VAT ID of seller or buyer, although both have one
        self.assertTrue(self.company.vat and self.traeger.vat)
        self.assertEqual(self._values(tree, "//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"), [])
        # line period (BG-26) and the invoice period spanning it (BG-14)
        first_line_period = LINES + "[1]//ram:BillingSpecifiedPeriod"
        self.assertEqual(self._value(tree, first_line_period + "/ram:StartDateTime/udt:DateTimeString"), "20210101")
        self.assertEqual(self._value(tree, first_line_period + "/ram:EndDateTime/udt:DateTimeString"), "20211231")
        self.assertEqual(self._values(tree, LINES + "[2]//ram:BillingSpecifiedPeriod"), [])
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString"),
                         "20210101")
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString"),
                         "20211231")
        self.assertEqual(self._values(tree, "//ram:ActualDeliverySupplyChainEvent"), [])
        # the service sheet as supporting document (BT-122)
        document = "//ram:ApplicableHeaderTradeAgreement/ram:AdditionalReferencedDocument"
        self.assertEqual(self._value(tree, document + "/ram:IssuerAssignedID"),
                         "Serviceschein 2021 Projektleistungen")
        self.assertEqual(self._value(tree, document + "/ram:TypeCode"), "916")
        self.assertEqual(self._values(tree, SETTLEMENT + "/ram:InvoiceReferencedDocument"), [])

    def test_taxable_invoice(self):
        invoice = self._taxable_invoice()
        invoice.action_invoice_open()
        tree = self._xml(invoice)
        self.assertCommonTerms(tree, invoice)
        self.assertEqual(self._value(tree, "//rsm:ExchangedDocument/ram:TypeCode"), "380")
        # 12 h x 250,00 less 10 % = 2.700,00; 3 x 899,99 = 2.699,97; VAT 19 % of 5.399,97
        self.assertAlmostEqual(invoice.amount_untaxed, 5399.97, places=2)
        self.assertAlmostEqual(invoice.amount_tax, 1025.99, places=2)
        tax = SETTLEMENT + "/ram:ApplicableTradeTax"
        self.assertEqual(self._value(tree, tax + "/ram:CategoryCode"), "S")
        self.assertEqual(self._value(tree, tax + "/ram:RateApplicablePercent"), "19.00")
        self.assertEqual(self._value(tree, tax + "/ram:BasisAmount"), "5399.97")
        self.assertEqual(self._value(tree, tax + "/ram:CalculatedAmount"), "1025.99")
        self.assertEqual(round(5399.97 * 0.19, 2), 1025.99)  # BR-CO-17
        self.assertEqual(self._values(tree, tax + "/ram:ExemptionReason"), [])  # BR-S-10
        self.assertEqual(self._values(tree, LINES + "//ram:ApplicableTradeTax/ram:RateApplicablePercent"),
                         ["19.00", "19.00"])
        # with VAT the VAT IDs are stated (BT-31, BT-48), besides the tax number
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
                         "DE136695976")
        self.assertEqual(self._value(tree, BUYER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
                         "DE811569869")
        # the invoice is addressed to a person of the Träger: the buyer contact (BG-9)
        self.assertEqual(self._value(tree, BUYER + "/ram:DefinedTradeContact/ram:PersonName"), "Ines Becker")
        # price with discount: gross price, allowance, net price (PEPPOL-EN16931-R046)
        first = LINES + "[1]/ram:SpecifiedLineTradeAgreement"
        self.assertEqual(self._value(tree, first + "/ram:GrossPriceProductTradePrice/ram:ChargeAmount"), "250.00")
        self.assertEqual(self._value(tree, first + "//ram:AppliedTradeAllowanceCharge/ram:ActualAmount"), "25.00")
        self.assertEqual(self._value(tree, first + "/ram:NetPriceProductTradePrice/ram:ChargeAmount"), "225.00")
        self.assertEqual(self._values(tree, LINES + "//ram:BilledQuantity/@unitCode"), ["HUR", "C62"])
        self.assertEqual(self._value(tree, LINES + "[1]//ram:SpecifiedTradeProduct/ram:Name"), "Wartung Fachverfahren")
        # no service periods: the invoice date is the delivery date (BT-72)
        self.assertEqual(self._values(tree, "//ram:BillingSpecifiedPeriod"), [])
        self.assertEqual(self._value(tree, "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString"),
                         "20210301")
        # due date (BT-9) and payment terms (BT-20)
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"),
                         invoice.date_due.replace("-", ""))
        self.assertEqual(invoice.date_due, "2021-03-31")
        self.assertTrue(self._value(tree, SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:Description"))

    def test_discounted_price_keeps_the_line_amount_exact(self):
        invoice = self._invoice([{"name": "Notebook", "quantity": 10, "price_unit": 899.99,
                                  "discount": 10,
                                  "invoice_line_tax_ids": [(6, 0, self.tax_19.ids)]}])
        invoice.action_invoice_open()
        tree = self._xml(invoice)
        self.assertEqual(self._value(tree, LINES + "//ram:NetPriceProductTradePrice/ram:ChargeAmount"),
                         "809.991")
        self.assertEqual(self._value(tree, LINES + "//ram:AppliedTradeAllowanceCharge/ram:ActualAmount"),
                         "89.999")
        self.assertEqual(self._value(tree, LINES + "//ram:LineTotalAmount"), "8099.91")
        self.assertAlmostEqual(invoice.amount_untaxed, 10 * 809.991, places=2)

    def test_credit_note(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        credit_note = invoice.refund(date_invoice="2021-03-10", description="Korrektur Migration")
        self.assertEqual(credit_note.type, "out_refund")
        credit_note.action_invoice_open()
        tree = self._xml(credit_note)
        self.assertCommonTerms(tree, credit_note)
        self.assertEqual(self._value(tree, "//rsm:ExchangedDocument/ram:TypeCode"), "381")
        # BT-25/BT-26: the invoice it corrects
        reference = SETTLEMENT + "/ram:InvoiceReferencedDocument"
        self.assertEqual(self._value(tree, reference + "/ram:IssuerAssignedID"), invoice.number)
        self.assertEqual(self._value(tree, reference + "/ram:FormattedIssueDateTime/qdt:DateTimeString"), "20210215")
        # a credit note states positive amounts
        self.assertEqual(self._value(tree, SUMMATION + "/ram:GrandTotalAmount"), "31640.00")
        self.assertEqual(self._values(tree, SETTLEMENT + "/ram:ApplicableTradeTax/ram:CategoryCode"), ["O"])
        self.assertEqual(self._values(tree, "//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"), [])

    def test_file_with_a_schema_error_is_detected(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        tree = self._xml(invoice)
        number = tree.xpath("//rsm:ExchangedDocument/ram:ID", namespaces=NS)[0]
        number.getparent().remove(number)
        self.assertTrue(cii.xsd_errors(etree.tostring(tree)))

    def test_creating_again_updates_the_same_file(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        attachment = invoice.ksm_xrechnung_attachment_id
        self.contact.phone = "+49 385 30031-999"
        invoice.action_generate_xrechnung()
        self.assertEqual(invoice.ksm_xrechnung_attachment_id, attachment)
        self.assertEqual(len(self._attachments(invoice)), 1)
        tree = self._xml(invoice)
        self.assertEqual(self._value(tree, "//ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
                         "+49 385 30031-999")

    def test_invoice_to_a_private_customer_is_not_an_einvoice(self):
        customer = self.env["res.partner"].create({"name": "Musterfirma GmbH", "customer": True})
        self.company.document_contact_id = False  # e-invoice data do not matter here
        invoice = self._invoice([{"name": "Schulung", "price_unit": 100.0}], partner=customer)
        self.assertFalse(invoice.ksm_einvoice_required)
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, "open")
        self.assertFalse(invoice.ksm_xrechnung_attachment_id)

    def test_public_buyer_with_leitweg_id_gets_an_einvoice(self):
        buyer = self.env["res.partner"].create({
            "name": "Zweckverband Test", "is_company": True, "customer": True,
            "ksm_leitweg_id": self.leitweg_id, "zip": "19061", "city": "Schwerin",
            "country_id": self.env.ref("base.de").id})
        invoice = self._invoice([{"name": "Beratung", "price_unit": 100.0}], partner=buyer)
        self.assertTrue(invoice.ksm_einvoice_required)
        invoice.action_invoice_open()
        self.assertTrue(invoice.ksm_xrechnung_attachment_id)

    def test_mail_to_the_buyer_carries_the_xrechnung(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        action = invoice.action_invoice_sent()
        composer = self.env["mail.compose.message"].with_context(action["context"]).create({})
        values = composer.onchange_template_id(
            composer.template_id.id, "comment", "account.invoice", invoice.id)["value"]
        composer.write(composer._convert_to_write(values))
        self.assertIn(invoice.ksm_xrechnung_attachment_id, composer.attachment_ids)
        composer.send_mail()
        message = invoice.message_ids[0]
        self.assertIn(invoice.ksm_xrechnung_attachment_id.datas_fname,
                      message.attachment_ids.mapped("datas_fname"))

    def test_mail_to_a_facturx_buyer_carries_no_separate_xml(self):
        self.traeger.ksm_einvoice_format = "facturx_pdf"
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        template = self.env.ref("account.email_template_edi_invoice")
        values = template.generate_email(invoice.id, fields=["subject"])
        self.assertNotIn(invoice.ksm_xrechnung_attachment_id.id, values["attachment_ids"])

    def test_facturx_pdf_embeds_the_xrechnung(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        writer = PdfWriter()
        writer.add_blank_page(width=595, height=842)
        buffer = io.BytesIO()
        writer.write(buffer)
        pdf = invoice._embed_xrechnung_in_pdf(buffer.getvalue())
        reader = PdfReader(io.BytesIO(pdf))
        self.assertEqual(list(reader.attachments), ["factur-x.xml"])
        # the XRechnung's content, declared as the EN 16931 profile the PDF names
        xrechnung = base64.b64decode(invoice.ksm_xrechnung_attachment_id.datas)
        self.assertEqual(reader.attachments["factur-x.xml"][0], xrechnung.replace(
            cii.SPECIFICATION_ID.encode(), cii.FACTURX_EN16931_ID.encode()))
        embedded = etree.fromstring(reader.attachments["factur-x.xml"][0])
        self.assertEqual(facturx.get_facturx_level(embedded), "en16931")
        self.assertIn(b"<pdfaid:part>3</pdfaid:part>", reader.xmp_metadata.stream.get_data())

    def test_printed_invoice_gives_the_exemption_reason_and_service_period(self):
        non_taxable, taxable = self._non_taxable_invoice(), self._taxable_invoice()
        (non_taxable + taxable).action_invoice_open()
        report = self.env.ref("account.account_invoices")
        printed = " ".join(etree.HTML(report.render_qweb_html(non_taxable.ids)[0]).xpath(
            "string(//body)").split())
        self.assertIn(EXEMPTION_REASON, printed)
        self.assertIn("Leistungszeitraum: 01.01.2021 bis 31.12.2021", printed)
        self.assertNotIn("§ 2b UStG", report.render_qweb_html(taxable.ids)[0].decode())


class TestXRechnungRefusals(XRechnungCase):
    """Missing data are named, in German, with where to fill them in; nothing is
    validated or saved."""

    def test_missing_leitweg_id(self):
        self.traeger.ksm_leitweg_id = False
        self.assertRefused(
            self._non_taxable_invoice(),
            "Leitweg-ID (BT-10) von Stadt Musterhagen fehlt: bitte im Kontaktformular von "
            "Stadt Musterhagen, Reiter KSM, eintragen.")

    def test_missing_iban(self):
        self.company.ksm_einvoice_bank_id = False
        self.assertRefused(self._non_taxable_invoice(),
                           "Bankkonto (IBAN, BT-84) von KSM Kommunalservice Mecklenburg AöR "
                           "fehlt", "Reiter E-Rechnung")

    def test_bank_account_that_is_no_iban(self):
        self.bank_account.acc_number = "DE89 3704 0044 0532 0130 01"
        self.assertRefused(self._non_taxable_invoice(),
                           "Das Bankkonto DE89 3704 0044 0532 0130 01 von KSM Kommunalservice "
                           "Mecklenburg AöR ist keine gültige IBAN (BT-84)")

    def test_missing_buyer_address(self):
        self.traeger.write({"zip": False, "city": False})
        self.assertRefused(self._non_taxable_invoice(),
                           "Postleitzahl (BT-53) von Stadt Musterhagen fehlt",
                           "Ort (BT-52) von Stadt Musterhagen fehlt")

    def test_missing_seller_contact(self):
        self.company.document_contact_id = False
        self.assertRefused(self._non_taxable_invoice(),
                           "Ansprechpartner Rechnung (BG-6) von KSM Kommunalservice Mecklenburg "
                           "AöR fehlt: bitte den Ansprechpartner auf Dokumenten unter "
                           "Einstellungen › Benutzer und Unternehmen › Unternehmen › KSM "
                           "Kommunalservice Mecklenburg AöR, Reiter Dokumente, auswählen.")

    def test_seller_contact_without_phone_and_email(self):
        self.contact.write({"phone": False, "mobile": False, "email": False})
        self.assertRefused(self._non_taxable_invoice(),
                           "Telefonnummer (BT-42) des Ansprechpartners Rechnung KSM "
                           "Finanzbuchhaltung fehlt",
                           "E-Mail-Adresse (BT-43) des Ansprechpartners Rechnung KSM "
                           "Finanzbuchhaltung fehlt")

    def test_missing_seller_electronic_address(self):
        self.company.ksm_einvoice_email = False
        self.assertRefused(self._non_taxable_invoice(), "E-Rechnungsadresse (BT-34)")

    def test_seller_without_identification(self):
        self.company.write({"company_registry": False})
        # not subject to VAT: no VAT ID may be stated, so the registry entry is needed
        self.assertRefused(self._non_taxable_invoice(), "Registereintrag (BT-30)",
                           "BR-CO-26")
        # with VAT, the VAT ID identifies KSM
        self._taxable_invoice().action_invoice_open()
        self.company.write({"vat": False, "tax_number": False})
        self.assertRefused(self._taxable_invoice(), "Steuernummer (BT-32)", "BR-DE-16",
                           "Registereintrag (BT-30)")

    def test_mixing_non_taxable_and_taxable_lines(self):
        invoice = self._invoice([
            {"name": "Kostenerstattung", "price_unit": 100.0,
             "invoice_line_tax_ids": [(6, 0, self.tax_o.ids)]},
            {"name": "Druckerpapier", "price_unit": 20.0,
             "invoice_line_tax_ids": [(6, 0, self.tax_19.ids)]},
        ])
        self.assertRefused(invoice, "mischt nicht steuerbare Positionen (Kategorie O) mit "
                                    "Positionen der Kategorie S", "BR-O-11 bis BR-O-14",
                           "in einer eigenen Rechnung")

    def test_line_without_tax_when_the_company_has_no_rule(self):
        self.company.ksm_untaxed_line_tax_id = False
        self.assertRefused(self._non_taxable_invoice(),
                           "Die Rechnungsposition „Vorsorglich einzuplanende "
                           "Investitionsmittel“ hat keine Steuer")

    def test_tax_without_category_or_reason(self):
        zero_tax = self.tax_19.copy({"amount": 0})
        zero_tax.name = "0 % ohne Kategorie"
        invoice = self._invoice([{"name": "Leistung", "price_unit": 10.0,
                                  "invoice_line_tax_ids": [(6, 0, zero_tax.ids)]}])
        self.assertRefused(invoice, "Die Steuer 0 % ohne Kategorie hat keine "
                                    "Umsatzsteuerkategorie für E-Rechnungen (BT-151)")
        zero_tax.ksm_vat_category = "E"
        self.assertRefused(invoice, "braucht einen Befreiungsgrund (BT-120) oder dessen "
                                    "Code (BT-121)")

    def test_every_problem_in_one_message(self):
        self.traeger.ksm_leitweg_id = False
        self.company.document_contact_id = False
        self.company.ksm_einvoice_bank_id = False
        message = self.assertRefused(self._non_taxable_invoice(), "Leitweg-ID (BT-10)",
                                     "Ansprechpartner Rechnung (BG-6)",
                                     "Bankkonto (IBAN, BT-84)")
        self.assertEqual(message.count("\n- "), 3)

    def test_validating_several_invoices_refuses_all(self):
        good = self._non_taxable_invoice()
        bad = self._invoice([{"name": "Leistung", "price_unit": 10.0}], partner=self.env[
            "res.partner"].create({"name": "Amt Ohne-ID", "is_company": True,
                                   "ksm_is_traeger": True}))
        with self.assertRaises(UserError):
            (good + bad).action_invoice_open()
        self.assertEqual((good.state, bad.state), ("draft", "draft"))
        self.assertFalse(self._attachments(good) or self._attachments(bad))


class TestXRechnungSettings(XRechnungCase):

    def test_vat_category_must_fit_the_rate(self):
        with self.assertRaises(ValidationError):
            self.tax_o.amount = 19
        with self.assertRaises(ValidationError):
            self.tax_19.ksm_vat_category = "O"
        with self.assertRaises(ValidationError):
            self.tax_19.copy({"amount": 0, "ksm_vat_category": "S"})

    def test_exemption_reason_code_is_a_vatex_code(self):
        with self.assertRaises(ValidationError):
            self.tax_o.ksm_exemption_reason_code = "§ 2b"
        self.tax_o.ksm_exemption_reason_code = "VATEX-EU-132-1I"

    def test_service_period_needs_both_days_in_order(self):
        invoice = self._non_taxable_invoice()
        line = invoice.invoice_line_ids[0]
        with self.assertRaises(ValidationError):
            line.ksm_period_end = "2020-12-31"
        with self.assertRaises(ValidationError):
            line.ksm_period_end = False

    def test_category_of_taxes_without_explicit_category(self):
        self.assertEqual(self.tax_19._xrechnung_category(), "S")
        self.assertEqual(self.tax_o._xrechnung_category(), "O")
        self.assertFalse(self.tax_19.copy({"amount": 0})._xrechnung_category())
