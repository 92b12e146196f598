from odoo.exceptions import ValidationError

from .common import KsmServicesCase


class TestCouncilAnnex(KsmServicesCase):

    @classmethod
    def setUpClass(cls):
        super(TestCouncilAnnex, cls).setUpClass()
        Account = cls.env["ksm.budget.account"]
        for category, code in (("project", "11101.5615000"), ("order_budget", "11101.5612200"),
                               ("investment", "11101.7831000")):
            Account.create({"partner_id": cls.traeger.id, "category": category, "code": code})

    def test_annex_figures_of_luebtheen_2021(self):
        sheet, __ = self._create_luebtheen_2021()
        annex = sheet._prepare_annex_values()
        self.assertEqual(annex["total_cost"], 68280.0)  # whole migration + reserve + budget
        self.assertEqual(annex["amount_budget_year"], 41640.0)
        self.assertEqual(annex["amount_yearly"], 10000.0)  # the order budget recurs
        self.assertEqual(annex["yearly_income"], 0.0)
        self.assertEqual(annex["own_funds"], 41640.0)
        self.assertEqual((annex["loan"], annex["grant"]), (0.0, 0.0))
        self.assertTrue(annex["in_result_budget"])
        self.assertTrue(annex["in_financial_budget"])
        self.assertEqual(
            [(account["code"], account["budget_type"], account["amount"])
             for account in annex["accounts"]],
            [("11101.5615000", "expense", 26640.0), ("11101.7831000", "investment", 5000.0),
             ("11101.5612200", "expense", 10000.0)])

    def test_sheet_without_investments_is_not_in_the_finanzhaushalt(self):
        sheet = self._create_sheet(2022, [(self.workplace, {"quantity": 10})])
        annex = sheet._prepare_annex_values()
        self.assertEqual(annex["total_cost"], 11685.0)
        self.assertEqual(annex["amount_yearly"], 11685.0)
        self.assertTrue(annex["in_result_budget"])
        self.assertFalse(annex["in_financial_budget"])
        self.assertEqual(annex["accounts"][0]["code"], False)  # not configured

    def test_grants_reduce_own_funds_but_cannot_exceed_the_total(self):
        sheet, __ = self._create_luebtheen_2021()
        sheet.financing_grant = 15000.0
        self.assertEqual(sheet._prepare_annex_values()["own_funds"], 26640.0)
        with self.assertRaisesRegex(ValidationError, sheet.name), self.cr.savepoint():
            sheet.financing_loan = 30000.0
        with self.assertRaises(ValidationError), self.cr.savepoint():
            sheet.financing_income = -1.0

    def test_product_account_code_is_checked(self):
        with self.assertRaisesRegex(ValidationError, "5612000"), self.cr.savepoint():
            self.env["ksm.budget.account"].create({
                "partner_id": self.traeger.id, "category": "operation", "code": "5612000"})

    def test_reports_show_the_figures_in_german(self):
        sheet, __ = self._create_luebtheen_2021()
        self._bring_to(sheet, "signed")
        # under test, Odoo renders the HTML that wkhtmltopdf would print
        html = self.env.ref("ksm_services.action_report_service_sheet").render_qweb_html(
            sheet.ids)[0].decode()
        for text in ("SS-2021-LÜB-V1", "41.640,00", "36.640,00", "26.640,00", "5.000,00",
                     "Sabine Kramer", "Druck- und Scanleistungen"):
            self.assertIn(text, html)
        annex = self.env.ref("ksm_services.action_report_service_sheet_annex")
        html = annex.render_qweb_html(sheet.ids)[0].decode()
        for text in ("68.280,00", "41.640,00", "10.000,00", "11101.5615000", "11101.7831000",
                     "Finanzielle Auswirkungen", "Ergebnishaushalt"):
            self.assertIn(text, html)
