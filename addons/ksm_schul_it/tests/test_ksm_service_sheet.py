from odoo.exceptions import UserError, ValidationError

from .common import SchoolSheetCase


class TestLuebtheenSchoolItSheet(SchoolSheetCase):
    """The demo sheet of the seed: Serviceschein 2021 Schul-IT of Lübtheen."""

    def setUp(self):
        super().setUp()
        self.sheet = self.env.ref("ksm_schul_it.sheet_luebtheen_2021_school_it")

    def test_expenses_and_investment_make_28600(self):
        self.assertEqual(self.sheet.scope, "school_it")
        self.assertEqual(self.sheet.year, 2021)
        self.assertEqual(self.sheet.state, "active", "in force, so the portal shows it")
        self.assertEqual(self.sheet.amount_expense, 13600.0)
        self.assertEqual(self.sheet.amount_investment, 15000.0)
        self.assertEqual(self.sheet.amount_total, 28600.0)

    def test_every_line_is_for_a_school_of_luebtheen(self):
        schools = self.env.ref("ksm_schul_it.school_grundschule_luebtheen") \
            | self.env.ref("ksm_schul_it.school_regionale_schule_luebtheen")
        self.assertEqual(self.sheet.line_ids.mapped("ksm_school_id"), schools)
        self.assertEqual(
            [(total["school"].name, total["expense"], total["investment"], total["total"])
             for total in self.sheet._get_school_totals()],
            [("Grundschule Lübtheen", 4800.0, 8960.0, 13760.0),
             ("Regionale Schule Lübtheen", 8800.0, 6040.0, 14840.0)])

    def test_grants_pay_13500_own_funds_15100(self):
        self.assertEqual(self.sheet.ksm_grant_amount, 13500.0)
        self.assertEqual(self.sheet.financing_own_funds, 15100.0)
        annex = self.sheet._prepare_annex_values()
        self.assertEqual((annex["grant"], annex["own_funds"]), (13500.0, 15100.0))
        self.assertEqual(
            sorted((total["grant"].name, total["investment"], total["amount"])
                   for total in annex["grants"]),
            [("DPS-2021-0417", 6040.0, 5436.0), ("DPS-2021-0418", 8960.0, 8064.0)])

    def test_sheet_and_annex_print_the_figures_in_german(self):
        sheet_html = self.env.ref("ksm_services.action_report_service_sheet") \
            .render_qweb_html(self.sheet.ids)[0].decode()
        for text in ("SS-2021-LÜB-SIT-V1", "13.600,00", "15.000,00", "28.600,00",
                     "Summen nach Schulen", "Grundschule Lübtheen", "13.760,00",
                     "Finanzierung", "Zuwendung DPS-2021-0418", "Eigenmittel des Trägers",
                     "15.100,00"):
            self.assertIn(text, sheet_html)
        annex_html = self.env.ref("ksm_services.action_report_service_sheet_annex") \
            .render_qweb_html(self.sheet.ids)[0].decode()
        for text in ("Finanzielle Auswirkungen", "28.600,00", "13.500,00", "15.100,00",
                     "DPS-2021-0417", "5.436,00", "Förderprogramm", "21101.7831000"):
            self.assertIn(text, annex_html)


class TestSchoolItSheet(SchoolSheetCase):

    def _display_line(self, sheet, **values):
        return self.env["ksm.service.sheet.line"].create(dict({
            "sheet_id": sheet.id, "product_id": self.display.id, "quantity": 2,
            "ksm_school_id": self.school.id, "ksm_grant_id": self.grant.id,
            "ksm_grant_amount": 8064.0}, **values))

    def test_grant_reduces_own_funds_on_sheet_and_annex(self):
        sheet = self._sheet(lines=[(self.care, {"quantity": 30,
                                                "ksm_school_id": self.school.id})])
        line = self._display_line(sheet)
        self.assertEqual(line.ksm_own_amount, 896.0)
        self.assertEqual(line.ksm_programme_id, self.programme)
        self.assertEqual(sheet.amount_total, 11960.0)
        self.assertEqual(sheet.ksm_grant_amount, 8064.0)
        self.assertEqual(sheet.financing_own_funds, 3896.0)
        sheet.financing_grant = 1000.0  # another grant, not linked to a line
        annex = sheet._prepare_annex_values()
        self.assertEqual((annex["grant"], annex["own_funds"]), (9064.0, 2896.0))
        self.assertEqual([total["amount"] for total in annex["grants"]], [8064.0])

    def test_school_totals_put_lines_without_school_last(self):
        sheet = self._sheet(lines=[
            (self.care, {"quantity": 20, "ksm_school_id": self.second_school.id}),
            (self.care, {"quantity": 10}),
            (self.care, {"quantity": 30, "ksm_school_id": self.school.id})])
        totals = sheet._get_school_totals()
        self.assertEqual([(total["school"], total["total"]) for total in totals], [
            (self.school, 3000.0), (self.second_school, 2000.0),
            (self.env["ksm.school"], 1000.0)])
        self.assertIn("Grundschule Am Markt", sheet.ksm_school_summary)
        self.assertFalse(self._sheet(2022, [(self.care, {})])._get_school_totals(),
                         "a sheet without school lines has no totals by school")

    def test_onchange_proposes_the_programme_quota(self):
        sheet = self._sheet()
        line = self.env["ksm.service.sheet.line"].new({
            "sheet_id": sheet.id, "product_id": self.display.id, "quantity": 1,
            "price_unit": 4480.0, "budget_type": "investment", "billing_rhythm": "once",
            "currency_id": sheet.currency_id.id, "date_from": "2021-01-01",
            "date_to": "2021-12-31"})
        line.ksm_grant_id = self.grant
        line._onchange_ksm_grant_id()
        self.assertEqual(line.ksm_grant_amount, 4032.0)
        self.assertEqual(line.ksm_school_id, self.school)

    def test_grant_pays_investments_only(self):
        sheet = self._sheet()
        with self.assertRaisesRegex(ValidationError, "Nur Investitionen"), \
                self.cr.savepoint():
            self.env["ksm.service.sheet.line"].create({
                "sheet_id": sheet.id, "product_id": self.care.id, "quantity": 10,
                "ksm_grant_id": self.grant.id, "ksm_grant_amount": 100.0})

    def test_grant_pays_at_most_the_quota(self):
        with self.assertRaisesRegex(ValidationError, "8.064,00 €"), self.cr.savepoint():
            self._display_line(self._sheet(), ksm_grant_amount=8064.01)

    def test_lines_cannot_plan_more_than_approved(self):
        sheet = self._sheet()
        self._display_line(sheet)
        with self.assertRaisesRegex(ValidationError, "DPS-2021-0418"), self.cr.savepoint():
            self._display_line(sheet, quantity=1, ksm_grant_amount=10.0)
        sheet.invalidate_cache()
        self.assertEqual(len(sheet.line_ids), 1, "nothing was added")
        self.assertEqual(sheet.ksm_grant_amount, 8064.0)

    def test_grant_of_another_traeger_or_school_is_refused(self):
        sheet = self._sheet()
        foreign_grant = self._grant("DPS-BL-1", self.foreign_school, 4480.0, 4032.0)
        with self.assertRaisesRegex(ValidationError, "Amt Beispielland"), \
                self.cr.savepoint():
            self._display_line(sheet, quantity=1, ksm_grant_id=foreign_grant.id,
                               ksm_grant_amount=4032.0, ksm_school_id=False)
        with self.assertRaisesRegex(ValidationError, "Regionale Schule Musterhausen"), \
                self.cr.savepoint():
            self._display_line(sheet, quantity=1, ksm_grant_id=self.second_grant.id,
                               ksm_grant_amount=4032.0)

    def test_grant_amount_needs_a_grant(self):
        with self.assertRaisesRegex(ValidationError, "Wählen Sie die Zuwendung"), \
                self.cr.savepoint():
            self._display_line(self._sheet(), ksm_grant_id=False)

    def test_school_must_be_of_the_traeger_and_on_a_school_it_sheet(self):
        with self.assertRaisesRegex(ValidationError, "Gymnasium Beispielland"), \
                self.cr.savepoint():
            self._sheet(lines=[(self.care, {"ksm_school_id": self.foreign_school.id})])
        with self.assertRaisesRegex(ValidationError, "Serviceschein Schul-IT"), \
                self.cr.savepoint():
            self._sheet(scope="administration",
                        lines=[(self.care, {"ksm_school_id": self.school.id})])
        sheet = self._sheet(lines=[(self.care, {"ksm_school_id": self.school.id})])
        with self.assertRaisesRegex(ValidationError, "Serviceschein Schul-IT"), \
                self.cr.savepoint():
            sheet.scope = "administration"

    def test_school_and_grant_are_fixed_once_submitted(self):
        sheet = self._sheet(lines=[(self.care, {"ksm_school_id": self.school.id})])
        sheet.action_submit()
        with self.assertRaises(UserError), self.cr.savepoint():
            sheet.line_ids.ksm_school_id = self.second_school

    def test_copy_to_next_year_keeps_the_school_and_leaves_one_time_boards_out(self):
        sheet = self._sheet(lines=[(self.care, {"quantity": 30,
                                                "ksm_school_id": self.school.id})])
        self._display_line(sheet)
        sheet.action_copy_to_next_year()
        copy = self.env["ksm.service.sheet"]._find_current(self.traeger, 2022, "school_it")
        self.assertEqual(copy.line_ids.mapped("ksm_school_id"), self.school)
        # the boards (and their grant) are bought once, in 2021: not budgeted again
        self.assertEqual(copy.line_ids.mapped("product_id"), self.care)
        self.assertFalse(copy.line_ids.mapped("ksm_grant_id"))
        self.assertEqual(copy.ksm_grant_amount, 0.0)
        self.assertEqual(copy.amount_total, 30 * 102.5)
