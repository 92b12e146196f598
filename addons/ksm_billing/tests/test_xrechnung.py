"""KSM's invoices as XRechnung (l10n_de_xrechnung, whose tests check the file in
detail): KSM's seller data, the Träger as buyers, the Leitweg-ID on the invoice."""
import base64

from lxml import etree

from odoo.addons.l10n_de_xrechnung.tools import leitweg_check_digits
from odoo.exceptions import UserError
from odoo.tests.common import SavepointCase

from odoo.addons.l10n_de_xrechnung.xrechnung import cii

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
        cls.tax_o = cls.env.ref("l10n_de_xrechnung.tax_not_taxable_2b")
        cls.tax_19 = cls.env["account.tax"].search([
            ("company_id", "=", cls.company.id), ("type_tax_use", "=", "sale"),
            ("description", "=", "19% USt")], limit=1)
        assert cls.tax_19.amount == 19 and not cls.tax_19.einvoice_vat_category
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
             "start_date": "2021-01-01", "end_date": "2021-12-31"},
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

    def test_printed_invoice_gives_the_exemption_reason_and_service_period(self):
        non_taxable, taxable = self._non_taxable_invoice(), self._taxable_invoice()
        (non_taxable + taxable).action_invoice_open()
        report = self.env.ref("account.account_invoices")
        printed = " ".join(etree.HTML(report.render_qweb_html(non_taxable.ids)[0]).xpath(
            "string(//body)").split())
        self.assertIn(EXEMPTION_REASON, printed)
        self.assertIn("Leistungszeitraum: 01.01.2021 bis 31.12.2021", printed)
        # the information block names the buyer's Leitweg-ID, as the e-invoice does
        self.assertIn(("Leitweg-ID", self.leitweg_id), non_taxable._din5008_information())
        self.assertIn("Leitweg-ID %s" % self.leitweg_id, printed)
        self.assertNotIn("§ 2b UStG", report.render_qweb_html(taxable.ids)[0].decode())


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

