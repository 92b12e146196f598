"""XRechnung e-invoices: what the generated files say, where they go."""
import base64
import io
from unittest import mock

import facturx
from lxml import etree
from pypdf import PdfReader

from odoo.addons.base.ir.ir_actions_report import IrActionsReport

from ..xrechnung import cii
from .common import (BUYER, EXEMPTION_REASON, IBAN, LINES, NS, SELLER, SELLER_NAME,
                     SETTLEMENT, SUMMATION, XRechnungCase, blank_pdf)


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
                         "e-rechnung@musterwasser.example")
        self.assertEqual(self._value(tree, SELLER + "/ram:URIUniversalCommunication/ram:URIID/@schemeID"),
                         "EM")
        # BR-DE-2, -5, -6, -7: seller contact with name, phone and e-mail
        contact = SELLER + "/ram:DefinedTradeContact"
        self.assertEqual(self._value(tree, contact + "/ram:PersonName"), "Finanzbuchhaltung Musterwasser")
        self.assertEqual(self._value(tree, contact + "/ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
                         "+49 385 30031-250")
        self.assertEqual(self._value(tree, contact + "/ram:EmailURIUniversalCommunication/ram:URIID"),
                         "rechnung@musterwasser.example")
        # BR-DE-3, -4, -8, -9: seller and buyer city and post code
        self.assertEqual(self._value(tree, SELLER + "/ram:Name"), SELLER_NAME)
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:LineOne"), "Wasserweg 3")
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:CityName"), "Schwerin")
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:PostcodeCode"), "19061")
        self.assertEqual(self._value(tree, SELLER + "/ram:PostalTradeAddress/ram:CountryID"), "DE")
        self.assertEqual(self._value(tree, BUYER + "/ram:Name"), "Stadt Musterhagen")
        self.assertEqual(self._value(tree, BUYER + "/ram:PostalTradeAddress/ram:LineOne"), "Markt 1")
        self.assertEqual(self._value(tree, BUYER + "/ram:PostalTradeAddress/ram:CityName"), "Musterhagen")
        self.assertEqual(self._value(tree, BUYER + "/ram:PostalTradeAddress/ram:PostcodeCode"), "19249")
        self.assertEqual(self._value(tree, BUYER + "/ram:PostalTradeAddress/ram:CountryID"), "DE")
        # BR-CO-26: the seller is identified (here by its registry entry, BT-30)
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedLegalOrganization/ram:ID"),
                         "Amtsgericht Schwerin HRA 4711")
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='FC']"),
                         "090/123/45678")
        # BR-DE-1, BR-DE-23: SEPA credit transfer to the company's IBAN
        means = SETTLEMENT + "/ram:SpecifiedTradeSettlementPaymentMeans"
        self.assertEqual(self._value(tree, means + "/ram:TypeCode"), "58")
        self.assertEqual(self._value(tree, means + "/ram:PayeePartyCreditorFinancialAccount/ram:IBANID"), IBAN)
        self.assertEqual(self._value(tree, means + "/ram:PayeePartyCreditorFinancialAccount/ram:AccountName"),
                         SELLER_NAME)
        self.assertEqual(self._value(tree, means + "/ram:PayeeSpecifiedCreditorFinancialInstitution/ram:BICID"),
                         "COBADEFFXXX")
        # BT-83: the payment reference is the invoice number
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:PaymentReference"), invoice.number)
        # BR-DE-14: a rate in every VAT breakdown
        for breakdown in tree.xpath(SETTLEMENT + "/ram:ApplicableTradeTax", namespaces=NS):
            self.assertTrue(breakdown.xpath("ram:RateApplicablePercent", namespaces=NS))
        # totals equal Odoo's, and the line amounts add up to them (BR-CO-10, -13, -15, -16)
        line_amounts = self._values(
            tree, LINES + "//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount")
        self.assertEqual(line_amounts, ["%.2f" % line.price_subtotal for line in invoice.invoice_line_ids])
        self.assertEqual(self._values(tree, LINES + "/ram:AssociatedDocumentLineDocument/ram:LineID"),
                         [str(number) for number in range(1, len(invoice.invoice_line_ids) + 1)])
        self.assertEqual(self._value(tree, SUMMATION + "/ram:LineTotalAmount"), "%.2f" % invoice.amount_untaxed)
        self.assertAlmostEqual(sum(float(amount) for amount in line_amounts),
                               float(self._value(tree, SUMMATION + "/ram:LineTotalAmount")), places=2)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TaxBasisTotalAmount"), "%.2f" % invoice.amount_untaxed)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TaxTotalAmount"), "%.2f" % invoice.amount_tax)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TaxTotalAmount/@currencyID"), "EUR")
        self.assertEqual(self._value(tree, SUMMATION + "/ram:GrandTotalAmount"), "%.2f" % invoice.amount_total)
        self.assertEqual(self._value(tree, SUMMATION + "/ram:TotalPrepaidAmount"), "0.00")
        self.assertEqual(self._value(tree, SUMMATION + "/ram:DuePayableAmount"), "%.2f" % invoice.residual)
        breakdown_sum = sum(float(v) for v in self._values(
            tree, SETTLEMENT + "/ram:ApplicableTradeTax/ram:CalculatedAmount"))
        self.assertAlmostEqual(breakdown_sum, invoice.amount_tax, places=2)

    def test_non_taxable_invoice(self):
        invoice = self._non_taxable_invoice()
        self.assertTrue(invoice.einvoice_required)
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, "open")
        attachment = invoice.xrechnung_attachment_id
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
        self.assertTrue(self.company.vat and self.buyer.vat)
        self.assertEqual(self._values(tree, "//ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"), [])
        # line period (BG-26, start_date/end_date of the line) and the invoice period
        # spanning it (BG-14)
        first_line_period = LINES + "[1]//ram:BillingSpecifiedPeriod"
        self.assertEqual(self._value(tree, first_line_period + "/ram:StartDateTime/udt:DateTimeString"), "20210101")
        self.assertEqual(self._value(tree, first_line_period + "/ram:EndDateTime/udt:DateTimeString"), "20211231")
        self.assertEqual(self._values(tree, LINES + "[2]//ram:BillingSpecifiedPeriod"), [])
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:BillingSpecifiedPeriod/ram:StartDateTime/udt:DateTimeString"),
                         "20210101")
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:BillingSpecifiedPeriod/ram:EndDateTime/udt:DateTimeString"),
                         "20211231")
        self.assertEqual(self._values(tree, "//ram:ActualDeliverySupplyChainEvent"), [])
        # the source document as supporting document (BT-122)
        document = "//ram:ApplicableHeaderTradeAgreement/ram:AdditionalReferencedDocument"
        self.assertEqual(self._value(tree, document + "/ram:IssuerAssignedID"),
                         "Vertrag 2021 Betriebsführung")
        self.assertEqual(self._value(tree, document + "/ram:TypeCode"), "916")
        self.assertEqual(self._values(tree, SETTLEMENT + "/ram:InvoiceReferencedDocument"), [])
        # the chatter says so
        self.assertIn(attachment.datas_fname, invoice.message_ids[0].body)

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
        self.assertEqual(self._values(tree, tax + "/ram:ExemptionReason"), [])  # BR-S-10
        self.assertEqual(self._values(tree, LINES + "//ram:ApplicableTradeTax/ram:RateApplicablePercent"),
                         ["19.00", "19.00"])
        self.assertEqual(self._values(tree, LINES + "//ram:ApplicableTradeTax/ram:CategoryCode"),
                         ["S", "S"])
        # with VAT the VAT IDs are stated (BT-31, BT-48), besides the tax number
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
                         "DE136695976")
        self.assertEqual(self._value(tree, BUYER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
                         "DE811569869")
        # the invoice is addressed to a person of the buyer: the buyer contact (BG-9)
        self.assertEqual(self._value(tree, BUYER + "/ram:DefinedTradeContact/ram:PersonName"), "Ines Becker")
        self.assertEqual(self._value(tree, BUYER + "/ram:Name"), "Stadt Musterhagen")
        # price with discount: gross price, allowance, net price (PEPPOL-EN16931-R046)
        first = LINES + "[1]/ram:SpecifiedLineTradeAgreement"
        self.assertEqual(self._value(tree, first + "/ram:GrossPriceProductTradePrice/ram:ChargeAmount"), "250.00")
        self.assertEqual(self._value(tree, first + "//ram:AppliedTradeAllowanceCharge/ram:ActualAmount"), "25.00")
        self.assertEqual(self._value(tree, first + "/ram:NetPriceProductTradePrice/ram:ChargeAmount"), "225.00")
        self.assertEqual(self._values(tree, LINES + "//ram:BilledQuantity"), ["12.00", "3.00"])
        self.assertEqual(self._values(tree, LINES + "//ram:BilledQuantity/@unitCode"), ["HUR", "C62"])
        self.assertEqual(self._value(tree, LINES + "[1]//ram:SpecifiedTradeProduct/ram:Name"), "Wartung Fachverfahren")
        self.assertEqual(self._value(tree, LINES + "[1]//ram:SpecifiedTradeProduct/ram:Description"),
                         "Wartung Fachverfahren\nJanuar bis Dezember")
        # no service periods: the invoice date is the delivery date (BT-72)
        self.assertEqual(self._values(tree, "//ram:BillingSpecifiedPeriod"), [])
        self.assertEqual(self._value(tree, "//ram:ActualDeliverySupplyChainEvent/ram:OccurrenceDateTime/udt:DateTimeString"),
                         "20210301")
        # due date (BT-9) and payment terms (BT-20)
        self.assertEqual(invoice.date_due, "2021-03-31")
        self.assertEqual(self._value(tree, SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/udt:DateTimeString"),
                         "20210331")
        self.assertTrue(self._value(tree, SETTLEMENT + "/ram:SpecifiedTradePaymentTerms/ram:Description"))

    def test_exempt_category_states_its_reason(self):
        exempt = self.tax_o.copy({"name": "Steuerfrei § 4 Nr. 14 UStG (Test)",
                                  "einvoice_vat_category": "E",
                                  "einvoice_exemption_reason": "Steuerfrei nach § 4 Nr. 14 UStG",
                                  "einvoice_exemption_reason_code": "VATEX-EU-132-1C"})
        invoice = self._invoice([{"name": "Heilbehandlung", "price_unit": 80.0,
                                  "invoice_line_tax_ids": [(6, 0, exempt.ids)]}])
        invoice.action_invoice_open()
        tree = self._xml(invoice)
        self.assertCommonTerms(tree, invoice)
        tax = SETTLEMENT + "/ram:ApplicableTradeTax"
        self.assertEqual(self._value(tree, tax + "/ram:CategoryCode"), "E")
        self.assertEqual(self._value(tree, tax + "/ram:RateApplicablePercent"), "0.00")
        self.assertEqual(self._value(tree, tax + "/ram:ExemptionReason"), "Steuerfrei nach § 4 Nr. 14 UStG")
        self.assertEqual(self._value(tree, tax + "/ram:ExemptionReasonCode"), "VATEX-EU-132-1C")
        # an exempt line states its rate (only category O lines leave it out)
        self.assertEqual(self._values(tree, LINES + "//ram:ApplicableTradeTax/ram:RateApplicablePercent"),
                         ["0.00"])
        # E is within the scope of VAT: the VAT IDs are stated
        self.assertEqual(self._value(tree, SELLER + "/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
                         "DE136695976")

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
        credit_note = invoice.refund(date_invoice="2021-03-10", description="Korrektur Betriebsführung")
        self.assertEqual(credit_note.type, "out_refund")
        self.assertTrue(credit_note.einvoice_required)
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
        self.assertTrue(cii.xsd_errors(b"<no-xml"))

    def test_creating_again_updates_the_same_file(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        attachment = invoice.xrechnung_attachment_id
        self.contact.phone = "+49 385 30031-999"
        invoice.action_generate_xrechnung()
        self.assertEqual(invoice.xrechnung_attachment_id, attachment)
        self.assertEqual(len(self._attachments(invoice)), 1)
        tree = self._xml(invoice)
        self.assertEqual(self._value(tree, "//ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
                         "+49 385 30031-999")

    def test_download_actions(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        self.assertEqual(invoice.action_download_xrechnung()["url"],
                         "/web/content/%d?download=true" % invoice.xrechnung_attachment_id.id)
        self.assertEqual(invoice.action_download_facturx()["url"],
                         "/my/invoices/%d/facturx" % invoice.id)

    def test_invoice_to_a_private_customer_is_not_an_einvoice(self):
        customer = self.env["res.partner"].create({
            "name": "Musterfirma GmbH", "customer": True,
            "property_account_receivable_id": self.receivable.id})
        self.company.document_contact_id = False  # e-invoice data do not matter here
        invoice = self._invoice([{"name": "Schulung", "price_unit": 100.0}], partner=customer)
        self.assertFalse(invoice.einvoice_required)
        invoice.action_invoice_open()
        self.assertEqual(invoice.state, "open")
        self.assertFalse(invoice.xrechnung_attachment_id)
        self.assertEqual(invoice._einvoice_mail_attachments(), self.env["ir.attachment"])

    def test_einvoice_required_follows_the_buyer(self):
        invoice = self._non_taxable_invoice()
        self.assertTrue(self.buyer._einvoice_buyer())
        self.assertTrue(invoice.einvoice_required)
        self.buyer.leitweg_id = False
        self.assertFalse(self.buyer._einvoice_buyer())
        self.assertFalse(invoice.einvoice_required)
        # vendor bills are never e-invoices of this module
        self.buyer.leitweg_id = self.leitweg_id
        bill = self._invoice([{"name": "Einkauf", "price_unit": 10.0}], type="in_invoice")
        self.assertFalse(bill.einvoice_required)

    def test_mail_to_the_buyer_carries_the_xrechnung(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        action = invoice.action_invoice_sent()
        composer = self.env["mail.compose.message"].with_context(action["context"]).create({})
        values = composer.onchange_template_id(
            composer.template_id.id, "comment", "account.invoice", invoice.id)["value"]
        composer.write(composer._convert_to_write(values))
        self.assertIn(invoice.xrechnung_attachment_id, composer.attachment_ids)
        composer.send_mail()
        message = invoice.message_ids[0]
        self.assertIn(invoice.xrechnung_attachment_id.datas_fname,
                      message.attachment_ids.mapped("datas_fname"))

    def test_mail_to_a_facturx_buyer_carries_no_separate_xml(self):
        self.buyer.einvoice_format = "facturx_pdf"
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        self.assertEqual(invoice.einvoice_format, "facturx_pdf")
        template = self.env.ref("account.email_template_edi_invoice")
        values = template.generate_email(invoice.id, fields=["subject"])
        self.assertNotIn(invoice.xrechnung_attachment_id.id, values.get("attachment_ids") or [])
        # a buyer of XML gets the file with the template's mail
        self.buyer.einvoice_format = "xrechnung_cii"
        values = template.generate_email(invoice.id, fields=["subject"])
        self.assertIn(invoice.xrechnung_attachment_id.id, values["attachment_ids"])

    def assertFacturX(self, pdf, invoice):
        """The PDF carries the invoice's XRechnung as factur-x.xml, declared as the
        EN 16931 profile (read back with the factur-x library, schema-checked)."""
        filename, embedded = facturx.get_xml_from_pdf(pdf, check_xsd=True)
        self.assertEqual(filename, "factur-x.xml")
        xrechnung = base64.b64decode(invoice.xrechnung_attachment_id.datas)
        self.assertEqual(embedded, xrechnung.replace(
            cii.SPECIFICATION_ID.encode(), cii.FACTURX_EN16931_ID.encode()))
        self.assertEqual(facturx.get_level(etree.fromstring(embedded)), "en16931")
        reader = PdfReader(io.BytesIO(pdf))
        self.assertEqual(list(reader.attachments), ["factur-x.xml"])
        self.assertIn(b"<pdfaid:part>3</pdfaid:part>", reader.xmp_metadata.stream.get_data())

    def test_facturx_pdf_embeds_the_xrechnung(self):
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        self.assertFacturX(invoice._embed_xrechnung_in_pdf(blank_pdf()), invoice)

    def test_invoice_report_embeds_the_xrechnung_for_facturx_buyers(self):
        """Printing goes through the report: a PDF (here a blank page instead of the
        rendered report) becomes Factur-X when asked for or when the buyer takes it."""
        invoice = self._non_taxable_invoice()
        invoice.action_invoice_open()
        report = self.env.ref("account.account_invoices")
        plain = blank_pdf()
        with mock.patch.object(IrActionsReport, "render_qweb_pdf",
                               lambda self, res_ids=None, data=None: (plain, "pdf")):
            self.assertEqual(report.render_qweb_pdf(invoice.ids)[0], plain)
            self.assertFacturX(invoice._facturx_pdf(), invoice)
            self.buyer.einvoice_format = "facturx_pdf"
            self.assertFacturX(report.render_qweb_pdf(invoice.ids)[0], invoice)
            # several invoices at once stay a plain PDF
            other = self._non_taxable_invoice()
            other.action_invoice_open()
            self.assertEqual(report.render_qweb_pdf((invoice + other).ids)[0], plain)

    def test_printed_invoice_gives_the_exemption_reason_and_service_period(self):
        non_taxable, taxable = self._non_taxable_invoice(), self._taxable_invoice()
        (non_taxable + taxable).action_invoice_open()
        self.assertEqual(non_taxable._vat_exemption_notes(), [EXEMPTION_REASON])
        self.assertEqual(taxable._vat_exemption_notes(), [])
        report = self.env.ref("account.account_invoices")
        printed = " ".join(etree.HTML(report.render_qweb_html(non_taxable.ids)[0]).xpath(
            "string(//body)").split())
        self.assertIn(EXEMPTION_REASON, printed)
        self.assertIn("Leistungszeitraum: 01.01.2021 bis 31.12.2021", printed)
        self.assertNotIn("§ 2b UStG", report.render_qweb_html(taxable.ids)[0].decode())
