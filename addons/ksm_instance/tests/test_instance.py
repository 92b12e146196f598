"""The database is KSM's before the first capability is installed."""
import base64

from odoo.tests.common import TransactionCase


class TestInstance(TransactionCase):

    def setUp(self):
        super(TestInstance, self).setUp()
        self.company = self.env.ref("base.main_company")

    def test_the_company_is_ksm_with_its_letterhead(self):
        company = self.company
        self.assertEqual(company.name, "KSM Kommunalservice Mecklenburg AöR")
        self.assertEqual((company.street, company.zip, company.city, company.country_id.code),
                         ("Eckdrift 103", "19061", "Schwerin", "DE"))
        self.assertEqual(company.currency_id.name, "EUR")
        self.assertEqual(company.external_report_layout, "din5008")
        self.assertEqual(company.paperformat_id,
                         self.env.ref("report_layout_din5008.paperformat_din5008"))
        self.assertTrue(base64.b64decode(company.logo).startswith(b"\x89PNG"))

    def test_the_chart_of_accounts_is_skr03(self):
        self.assertEqual(self.company.chart_template_id,
                         self.env.ref("l10n_de_skr03.l10n_de_chart_template"))
        revenue = self.env["account.account"].search([
            ("code", "=", "8200"), ("company_id", "=", self.company.id)])
        self.assertEqual(revenue.name, "Erlöse")

    def test_the_demo_company_can_issue_e_invoices(self):
        # what the capabilities' demo needs before it validates its first invoice
        invoice = self.env["account.invoice"].new({
            "company_id": self.company.id, "type": "out_invoice"})
        self.assertEqual(invoice._xrechnung_seller_problems(), [])
        self.assertEqual(invoice._xrechnung_bank_account().acc_number,
                         "DE02120300000000202051")
