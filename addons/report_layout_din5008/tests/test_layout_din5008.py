from lxml import etree

from odoo.tests.common import TransactionCase


class TestLayoutDin5008(TransactionCase):
    """Odoo's invoice in the DIN 5008 layout, in German (rendered as HTML: Odoo's test
    mode prints no PDF; report_chromium's tests print)."""

    def setUp(self):
        super(TestLayoutDin5008, self).setUp()
        self.company = self.env.user.company_id
        self.company.partner_id.write({"street": "Am Markt 1", "zip": "19055",
                                       "city": "Schwerin",
                                       "country_id": self.env.ref("base.de").id})
        bank = self.env["res.bank"].create({"name": "Testbank", "bic": "TESTDEFFXXX"})
        self.company.write({
            "external_report_layout": "din5008",
            "paperformat_id": self.env.ref("report_layout_din5008.paperformat_din5008").id,
            "legal_form": "Anstalt des öffentlichen Rechts",
            "tax_number": "090/999/12345",
            "company_registry": "Amtsgericht Schwerin HRA 1",
            "management": "Vorstand: Erika Muster",
            "document_contact_id": self.env["res.partner"].create({
                "name": "Buchhaltung", "phone": "+49 385 1", "email": "buha@example.org",
                "parent_id": self.company.partner_id.id}).id,
            "document_bank_ids": [(0, 0, {"acc_number": "DE02120300000000202051",
                                          "bank_id": bank.id})],
        })
        self.customer = self.env["res.partner"].create({
            "name": "Gemeinde Beispielstadt", "street": "Dorfstraße 2", "zip": "19230",
            "city": "Beispielstadt", "country_id": self.env.ref("base.de").id,
            "ref": "K-42", "lang": "de_DE"})
        revenue = self.env["account.account"].search([
            ("user_type_id", "=", self.env.ref("account.data_account_type_revenue").id)],
            limit=1)
        self.invoice = self.env["account.invoice"].create({
            "partner_id": self.customer.id, "type": "out_invoice",
            "date_invoice": "2022-03-01",
            "payment_term_id": self.env.ref("account.account_payment_term_net").id,
            "invoice_line_ids": [(0, 0, {"name": "Betrieb", "quantity": 2, "price_unit": 50.0,
                                         "account_id": revenue.id})]})
        self.invoice.action_invoice_open()

    def printed(self):
        html = self.env.ref("account.account_invoices").render_qweb_html(self.invoice.ids)[0]
        return etree.HTML(html)

    @staticmethod
    def text(nodes):
        return " ".join(" ".join(node.xpath("string(.)").split()) for node in nodes)

    def test_address_window_with_sender_line(self):
        tree = self.printed()
        window = self.text(tree.xpath("//div[contains(@class, 'o_din5008_address_window')]"))
        self.assertIn("%s · Am Markt 1 · 19055 Schwerin" % self.company.name, window)
        self.assertIn("Gemeinde Beispielstadt", window)
        self.assertIn("19230 Beispielstadt", window)

    def test_information_block_with_number_dates_customer_and_contact(self):
        block = self.text(self.printed().xpath(
            "//table[contains(@class, 'o_din5008_information')]"))
        self.assertIn("Rechnungsnummer %s" % self.invoice.number, block)
        self.assertIn("Rechnungsdatum 01.03.2022", block)
        self.assertIn("Fällig am 31.03.2022", block)  # 30 days net
        self.assertIn("Kundennummer K-42", block)
        self.assertIn("Ansprechpartner Buchhaltung", block)
        self.assertIn("Telefon +49 385 1", block)

    def test_footer_states_the_company_legal_and_bank_data(self):
        footer = self.text(self.printed().xpath("//div[contains(@class, 'o_din5008_footer')]"))
        for expected in ("Anstalt des öffentlichen Rechts", "Am Markt 1", "19055 Schwerin",
                         "Steuernummer 090/999/12345", "Amtsgericht Schwerin HRA 1",
                         "Vorstand: Erika Muster", "Testbank",
                         "IBAN DE02 1203 0000 0000 2020 51", "BIC TESTDEFFXXX"):
            self.assertIn(expected, footer)
        self.assertTrue(self.printed().xpath(
            "//div[contains(@class, 'o_din5008_footer')]//span[@class='topage']"))

    def test_no_blank_rows_and_a_payment_note(self):
        tree = self.printed()
        rows = tree.xpath("//tbody[contains(@class, 'invoice_tbody')]/tr")
        self.assertEqual(len(rows), 1)
        note = self.text(tree.xpath("//p[contains(@class, 'o_din5008_payment_note')]"))
        self.assertIn("bis zum 31.03.2022", note)
        self.assertIn("unter Angabe von %s" % self.invoice.number, note)
        self.assertIn("IBAN DE02 1203 0000 0000 2020 51", note)

    def test_other_layouts_keep_odoo_invoice(self):
        self.company.external_report_layout = "standard"
        tree = self.printed()
        self.assertFalse(tree.xpath("//div[contains(@class, 'o_din5008_address_window')]"))
        self.assertTrue(tree.xpath("//div[@name='invoice_address']"))
