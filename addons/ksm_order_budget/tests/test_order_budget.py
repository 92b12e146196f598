from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase

from odoo.addons.ksm_order_budget.controllers.budget_portal import parse_amount

from .order_budget_common import OrderBudgetCase


class TestOrderBudget(OrderBudgetCase):
    """The order budget of a sheet: calls, consumption, refusals, the 80 % warning."""

    def test_signed_sheet_gets_its_order_budget(self):
        sheet = self._create_sheet(2021, [
            (self.workplace, {"quantity": 3}),
            (self.order_budget, {"price_unit": 10000.0}),
        ])
        self._bring_to(sheet, "resolved")
        self.assertFalse(sheet.order_budget_ids, "no budget before the sheet is signed")
        self._bring_to_signed(sheet)
        budget = sheet.order_budget_ids
        self.assertEqual(len(budget), 1)
        self.assertEqual(budget.name, "AB-2021-LÜB")
        self.assertEqual((budget.partner_id, budget.year), (self.traeger, 2021))
        self.assertEqual(budget.amount, 10000.0)
        self.assertEqual((budget.amount_consumed, budget.amount_remaining), (0.0, 10000.0))
        self.assertTrue(budget.is_open)
        sheet.action_activate()
        self.assertEqual(self.Budget.search([("partner_id", "=", self.traeger.id)]), budget)

    def _bring_to_signed(self, sheet):
        sheet.signed_by_id = self.mayor
        sheet.action_sign()

    def test_sheet_without_order_budget_has_none(self):
        sheet = self._bring_to(
            self._create_sheet(2021, [(self.workplace, {"quantity": 3})]), "active")
        self.assertFalse(sheet.order_budget_ids)

    def test_consumption_and_remaining_after_calls(self):
        budget = self._budget()
        requested = self._call(budget, 1250.0, "WLAN Bürgerbüro")
        self.assertEqual(budget.amount_consumed, 0.0, "a requested call consumes nothing")
        self.assertEqual(budget.amount_requested, 1250.0)
        approved = self._call(budget, 4680.0, "Projektbegleitung Neubau Rathaus", "approved")
        done = self._call(budget, 2850.5, "Hardwareersatz vor der Migration", "done")
        invoiced = self._call(budget, 300.25, "Ersatz USV", "invoiced")
        refused = self._call(budget, 999.0, "Drucker")
        refused._refuse(self.mayor, "Kein Bedarf mehr")
        self.assertEqual(
            [approved.amount_consumed, done.amount_consumed, invoiced.amount_consumed,
             refused.amount_consumed, requested.amount_consumed],
            [4680.0, 2850.5, 300.25, 0.0, 0.0])
        self.assertEqual(budget.amount_consumed, 7830.75)
        self.assertEqual(budget.amount_remaining, 2169.25)
        self.assertEqual(budget.consumption_percent, 78.3)
        approved.action_cancel()
        self.assertEqual(budget.amount_remaining, 6849.25)

    def test_call_exceeding_the_remaining_budget_is_refused(self):
        budget = self._budget()
        self._call(budget, 9000.0, "Hardwareersatz", "approved")
        calls_before = self.Call.search_count([("budget_id", "=", budget.id)])
        with self.assertRaises(UserError) as refusal:
            self._call(budget, 1000.01, "Neue Telefonanlage")
        self.assertIn("1.000,00 €", refusal.exception.name)
        self.assertIn("1.000,01 €", refusal.exception.name)
        self.assertEqual(self.Call.search_count([("budget_id", "=", budget.id)]), calls_before)
        exact = self._call(budget, 1000.0, "Neue Telefonanlage", "approved")
        self.assertEqual(budget.amount_remaining, 0.0)
        self.assertEqual(exact.amount_consumed, 1000.0)

    def test_approval_is_checked_against_what_remains_then(self):
        budget = self._budget()
        first = self._call(budget, 6000.0, "Serverraum")
        second = self._call(budget, 6000.0, "Netzwerk")
        first._approve(self.mayor)
        with self.assertRaises(UserError):
            second._approve(self.mayor)
        self.assertEqual(second.state, "requested")
        self.assertEqual(budget.amount_consumed, 6000.0)

    def test_only_the_traegers_signatory_approves(self):
        budget = self._budget()
        call = self._call(budget, 500.0, "Monitore")
        for person in (self.clerk, self.other_mayor):
            with self.assertRaises(UserError):
                call._approve(person)
            with self.assertRaises(UserError):
                call._refuse(person, "Kein Bedarf")
        self.assertEqual(call.state, "requested")
        self.assertFalse(call.approved_by_id)
        call._approve(self.mayor)
        self.assertEqual((call.state, call.approved_by_id), ("approved", self.mayor))
        self.assertTrue(call.approved_on)

    def test_back_office_approval_needs_the_signatory(self):
        budget = self._budget()
        call = self._call(budget, 500.0, "Monitore")
        with self.assertRaises(UserError):
            call.action_approve()
        call.approved_by_id = self.clerk
        with self.assertRaises(UserError):
            call.action_approve()
        call.approved_by_id = self.mayor
        call.action_approve()
        self.assertEqual(call.state, "approved")

    def test_amount_must_be_positive(self):
        budget = self._budget()
        for amount in (0.0, -10.0):
            with self.assertRaises(UserError):
                self._call(budget, amount)
        self.assertFalse(budget.call_ids)
        call = self._call(budget, 10.0)
        with self.assertRaises(UserError):
            call.amount = 0.0
        self.assertEqual(call.amount, 10.0)

    def test_no_calls_unless_the_sheet_is_signed_or_in_force(self):
        budget = self._budget()
        budget.sheet_id.action_close()
        self.assertFalse(budget.is_open)
        with self.assertRaises(UserError) as refusal:
            self._call(budget, 100.0, "Nachzügler")
        self.assertIn(budget.sheet_id.name, refusal.exception.name)
        self.assertFalse(budget.call_ids)

    def test_requested_call_on_a_closed_budget_cannot_be_approved(self):
        budget = self._budget()
        call = self._call(budget, 100.0)
        budget.sheet_id.action_close()
        with self.assertRaises(UserError):
            call._approve(self.mayor)
        self.assertEqual(call.state, "requested")

    def test_approved_amount_can_grow_only_within_the_budget(self):
        budget = self._budget()
        call = self._call(budget, 4000.0, "Projekt", "approved")
        self._call(budget, 5000.0, "Hardware", "approved")
        call.amount = 5000.0
        self.assertEqual(budget.amount_remaining, 0.0)
        with self.assertRaises(UserError):
            call.amount = 5000.01
        self.assertEqual(call.amount, 5000.0)
        call.action_done()
        with self.assertRaises(UserError):
            call.amount = 4000.0

    def test_workflow_refuses_steps_out_of_order(self):
        budget = self._budget()
        call = self._call(budget, 100.0)
        with self.assertRaises(UserError):
            call.action_done()
        with self.assertRaises(UserError):
            call.action_mark_invoiced()
        call._approve(self.mayor)
        with self.assertRaises(UserError):
            call._approve(self.mayor)
        with self.assertRaises(UserError):
            call.action_refuse()
        with self.assertRaises(UserError):
            call.unlink()
        self.assertEqual(call.state, "approved")

    def test_warning_at_80_percent_once(self):
        budget = self._budget()
        self._call(budget, 7999.99, "Großes Projekt", "approved")
        self.assertFalse(self._warnings(budget), "79,99 % do not warn yet")
        self._call(budget, 0.01, "Kabel", "approved")
        warning = self._warnings(budget)
        self.assertEqual(len(warning), 1)
        self.assertEqual(warning.user_id, self.account_manager)
        self.assertEqual(warning.summary, "Auftragsbudget zu 80 % verbraucht")
        self.assertIn("8.000,00 €", warning.note)
        self.assertIn("2.000,00 €", warning.note)
        self.assertTrue(budget.warning_sent)
        self._call(budget, 1500.0, "Noch ein Abruf", "approved")
        self.assertEqual(self._warnings(budget), warning, "one warning per budget")

    def test_requests_do_not_warn(self):
        budget = self._budget()
        self._call(budget, 9000.0, "Nur angefragt")
        self.assertFalse(self._warnings(budget))

    def test_new_revision_takes_the_budget_and_its_calls_over(self):
        budget = self._budget()
        call = self._call(budget, 3000.0, "Hardware", "approved")
        old_sheet = budget.sheet_id
        old_sheet.action_revise()
        revision = self.Sheet._find_current(self.traeger, 2021, "administration")
        self.assertNotEqual(revision, old_sheet)
        revision.line_ids.filtered(
            lambda line: line.category == "order_budget").price_unit = 12000.0
        self._bring_to(revision, "active")
        self.assertEqual(old_sheet.state, "superseded")
        self.assertEqual(budget.sheet_id, revision)
        self.assertEqual(revision.order_budget_ids, budget)
        self.assertEqual(budget.call_ids, call)
        self.assertEqual(budget.amount, 12000.0)
        self.assertEqual(budget.amount_remaining, 9000.0)

    def test_one_budget_per_traeger_year_and_scope(self):
        self._budget()
        with freeze_time("2022-01-03 10:00:00"):  # a sheet is in force from its year on
            other_year = self._budget(year=2022)
        self.assertEqual(other_year.amount, 10000.0)
        self.assertEqual(len(self.Budget.search([("partner_id", "=", self.traeger.id)])), 2)

    def test_call_cannot_finance_a_foreign_project(self):
        budget = self._budget()
        foreign = self._project("Rathaus Wittenburg", partner=self.other_traeger)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(budget, 100.0, project_id=foreign.id)
        self.assertFalse(self.Call.search([("budget_id", "=", budget.id)]))


class TestParseAmount(TransactionCase):
    """Amounts as Träger staff type them in the portal's request form."""

    def test_german_and_decimal_point_amounts(self):
        for text, amount in (("1.234,56", 1234.56), ("1234,56", 1234.56), ("1234,5", 1234.5),
                             ("1.500", 1500.0), ("1.234.567,89", 1234567.89),
                             ("1234.56", 1234.56), ("250.5", 250.5), ("42", 42.0),
                             (" 1 234,56 € ", 1234.56), ("99,99 EUR", 99.99), ("0,00", 0.0)):
            self.assertEqual(parse_amount(text), amount, text)

    def test_invalid_amounts(self):
        for text in ("", None, "abc", "12,345", "1234.567", "-5", "1,2,3", "1.23,45",
                     "12.34,5", "1e3", "nan", "€"):
            self.assertIsNone(parse_amount(text), text)
