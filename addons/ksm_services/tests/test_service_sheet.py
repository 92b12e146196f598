from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang

from .common import KsmServicesCase


class TestServiceSheet(KsmServicesCase):

    def test_luebtheen_2021_totals(self):
        sheet, __ = self._create_luebtheen_2021()
        self.assertEqual(sheet.amount_total, 41640.0)
        self.assertEqual(sheet.amount_expense, 36640.0)  # migration + order budget
        self.assertEqual(sheet.amount_investment, 5000.0)  # reserve
        self.assertEqual(
            formatLang(self.env(context={"lang": "de_DE"}), sheet.amount_total,
                       currency_obj=sheet.currency_id),
            "41.640,00 €")
        totals = {(total["category"], total["budget_type"]): total["amount"]
                  for total in sheet._get_category_totals()}
        self.assertEqual(totals, {("project", "expense"): 26640.0,
                                  ("investment", "investment"): 5000.0,
                                  ("order_budget", "expense"): 10000.0})
        self.assertIn("41.640,00", sheet.with_context(lang="de_DE").category_summary)

    def test_name_tells_year_traeger_scope_and_revision(self):
        self.assertEqual(self._create_sheet(2021).name, "SS-2021-LÜB-V1")
        self.assertEqual(self._create_sheet(2021, scope="school_it").name, "SS-2021-LÜB-SIT-V1")
        self.traeger.ref = "LTH"
        sheet = self._create_sheet(2022)
        self.assertEqual(sheet.name, "SS-2022-LTH-V1")
        sheet.year = 2023
        self.assertEqual(sheet.name, "SS-2023-LTH-V1")

    def test_one_sheet_per_traeger_year_scope_and_revision(self):
        self._create_sheet(2021)
        with self.assertRaises(Exception), self.cr.savepoint():
            self._create_sheet(2021)
        self._create_sheet(2021, scope="school_it")  # another scope is fine

    def test_line_takes_catalogue_values_of_the_sheets_year(self):
        sheet = self._create_sheet(2022, [(self.workplace, {"quantity": 32})])
        line = sheet.line_ids
        self.assertEqual(line.price_unit, 1168.5)
        self.assertEqual((line.category, line.budget_type, line.billing_rhythm),
                         ("operation", "expense", "yearly"))
        self.assertEqual((line.date_from, line.date_to), ("2022-01-01", "2022-12-31"))
        self.assertEqual(line.subtotal, 37392.0)

    def test_line_without_a_price_is_refused(self):
        with self.assertRaisesRegex(UserError, "Fachverfahren \\(Test\\)"), \
                self.cr.savepoint():
            self._create_sheet(2022, [(self.fachverfahren, {})])
        with self.assertRaisesRegex(UserError, "Auftragsbudget \\(Test\\)"), \
                self.cr.savepoint():
            self._create_sheet(2022, [(self.order_budget, {})])

    def test_choosing_a_service_without_a_price_warns(self):
        sheet = self._create_sheet(2022)
        line = self.Line.new({"sheet_id": sheet.id, "product_id": self.workplace.id})
        self.assertFalse(line._onchange_product_id())
        self.assertEqual(line.price_unit, 1168.5)
        line = self.Line.new({"sheet_id": sheet.id, "product_id": self.fachverfahren.id})
        warning = line._onchange_product_id()["warning"]
        self.assertIn("Fachverfahren (Test)", warning["message"])

    def test_recurring_service_for_part_of_the_year_counts_its_months(self):
        sheet = self._create_sheet(2021, [(self.workplace, {
            "quantity": 3, "date_from": "2021-07-01", "date_to": "2021-12-31"})])
        self.assertEqual(sheet.line_ids.subtotal, 1710.0)  # 3 x 1.140,00 x 6/12

    def test_period_must_lie_in_the_year_and_cover_whole_months(self):
        sheet = self._create_sheet(2021)
        for period in (("2020-12-01", "2021-12-31"), ("2021-01-01", "2022-01-31"),
                       ("2021-01-15", "2021-12-31"), ("2021-01-01", "2021-06-29"),
                       ("2021-07-01", "2021-06-30")):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.Line.create({"sheet_id": sheet.id, "product_id": self.workplace.id,
                                  "date_from": period[0], "date_to": period[1]})
        self.assertFalse(sheet.line_ids)

    # ------------------------------------------------------------------ workflow

    def test_workflow_from_draft_to_closed(self):
        sheet, __ = self._create_luebtheen_2021()
        self._bring_to(sheet, "signed")
        self.assertEqual(self.resolution.service_sheet_ids, sheet)  # what the council decided
        self.assertEqual(sheet.signed_by_id, self.mayor)
        self.assertEqual(sheet.signed_by_name, "Sabine Kramer")
        self.assertTrue(sheet.signed_on)
        self.assertFalse(sheet.signed_ip)
        sheet.action_activate()
        self.assertEqual(sheet.state, "active")
        sheet.action_close()
        self.assertEqual(sheet.state, "closed")
        tracked = sheet.message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "state").mapped("new_value_char")
        self.assertEqual(len(tracked), 6)  # created as draft, then five steps

    def test_submit_needs_lines(self):
        sheet = self._create_sheet(2021)
        with self.assertRaisesRegex(UserError, sheet.name):
            sheet.action_submit()
        self.assertEqual(sheet.state, "draft")

    def test_council_can_send_a_submitted_sheet_back(self):
        sheet = self._bring_to(self._create_luebtheen_2021()[0], "submitted")
        sheet.action_back_to_draft()
        self.assertEqual(sheet.state, "draft")
        self._bring_to(sheet, "resolved")
        with self.assertRaises(UserError):
            sheet.action_back_to_draft()
        self.assertEqual(sheet.state, "resolved")

    def test_resolve_needs_the_traegers_resolution(self):
        sheet = self._bring_to(self._create_luebtheen_2021()[0], "submitted")
        with self.assertRaisesRegex(UserError, sheet.name):
            sheet.action_resolve()
        self.assertEqual(sheet.state, "submitted")
        with self.assertRaisesRegex(ValidationError, "SV-WB/2020/12"), self.cr.savepoint():
            sheet.resolution_id = self.other_resolution
        sheet.invalidate_cache()
        self.assertFalse(sheet.resolution_id)

    def test_sign_needs_a_signatory_of_the_traeger(self):
        sheet = self._bring_to(self._create_luebtheen_2021()[0], "resolved")
        with self.assertRaisesRegex(UserError, sheet.name):
            sheet.action_sign()  # nobody entered
        for person in (self.clerk, self.other_mayor):
            sheet.signed_by_id = person
            with self.assertRaisesRegex(UserError, person.name):
                sheet.action_sign()
            self.assertEqual(sheet.state, "resolved")
        with self.assertRaises(UserError):
            sheet._record_acceptance(self.mayor, "   ")
        self.assertEqual(sheet.state, "resolved")

    def test_each_step_refuses_a_sheet_in_the_wrong_state(self):
        sheet, __ = self._create_luebtheen_2021()
        sheet.resolution_id = self.resolution
        sheet.signed_by_id = self.mayor
        refused = {
            "draft": ["action_resolve", "action_sign", "action_activate", "action_close",
                      "action_back_to_draft", "action_revise"],
            "submitted": ["action_submit", "action_sign", "action_activate", "action_close"],
            "resolved": ["action_submit", "action_resolve", "action_activate", "action_close"],
            "signed": ["action_submit", "action_resolve", "action_sign", "action_close",
                       "action_back_to_draft"],
            "active": ["action_submit", "action_resolve", "action_sign", "action_activate",
                       "action_back_to_draft"],
            "closed": ["action_submit", "action_resolve", "action_sign", "action_activate",
                       "action_close", "action_revise"],
        }
        self._assert_refused(sheet, refused["draft"])
        for action, state in (("action_submit", "submitted"), ("action_resolve", "resolved"),
                              ("action_sign", "signed"), ("action_activate", "active"),
                              ("action_close", "closed")):
            getattr(sheet, action)()
            self.assertEqual(sheet.state, state)
            self._assert_refused(sheet, refused[state])

    def _assert_refused(self, sheet, actions):
        state = sheet.state
        for action in actions:
            with self.assertRaisesRegex(UserError, sheet.name, msg="%s when %s" % (
                    action, state)), self.cr.savepoint():
                getattr(sheet, action)()
            self.assertEqual(sheet.state, state)

    def test_activate_only_once_the_year_has_begun(self):
        next_year = int(self.Sheet.default_get(["year"])["year"]) + 1
        sheet = self._create_sheet(next_year, [(self.order_budget, {"price_unit": 1000.0})])
        self._bring_to(sheet, "signed")
        with self.assertRaisesRegex(UserError, "%s" % next_year):
            sheet.action_activate()
        self.assertEqual(sheet.state, "signed")

    def test_contents_are_fixed_once_submitted(self):
        sheet = self._bring_to(self._create_luebtheen_2021()[0], "submitted")
        line = sheet.line_ids[0]
        with self.assertRaisesRegex(UserError, sheet.name):
            line.quantity = 2
        with self.assertRaisesRegex(UserError, sheet.name):
            line.unlink()
        with self.assertRaisesRegex(UserError, sheet.name):
            self.Line.create({"sheet_id": sheet.id, "product_id": self.order_budget.id,
                              "price_unit": 1.0})
        with self.assertRaisesRegex(UserError, sheet.name):
            sheet.write({"exclusions": "Nichts"})
        with self.assertRaisesRegex(UserError, sheet.name):
            sheet.unlink()
        self.assertEqual(sheet.amount_total, 41640.0)
        self.assertEqual(len(sheet.line_ids), 3)

    # ------------------------------------------------------------------ revisions

    def test_revision_keeps_history_and_replaces_the_old_one_when_active(self):
        sheet = self._bring_to(self._create_luebtheen_2021()[0], "active")
        action = sheet.action_revise()
        revision = self.Sheet.browse(action["res_id"])
        self.assertEqual((revision.name, revision.state, revision.revision),
                         ("SS-2021-LÜB-V2", "draft", 2))
        self.assertEqual(revision.previous_revision_id, sheet)
        self.assertEqual(revision.amount_total, 41640.0)
        self.assertFalse(revision.signed_by_id or revision.resolution_id)
        self.assertEqual(sheet.state, "active")  # in force until the revision is
        with self.assertRaisesRegex(UserError, "SS-2021-LÜB-V2"):
            sheet.action_revise()
        revision.line_ids.filtered(lambda line: line.product_id == self.order_budget).write(
            {"price_unit": 12000.0})
        self._bring_to(revision, "active")
        self.assertEqual(sheet.state, "superseded")
        self.assertEqual(sheet.amount_total, 41640.0)  # history unchanged
        self.assertEqual(revision.amount_total, 43640.0)
        self.assertEqual(revision.revision_ids, revision | sheet)
        self.assertEqual(self.Sheet._find_current(self.traeger, 2021, "administration"),
                         revision)

    def test_revision_of_a_sheet_in_council_replaces_it_at_once(self):
        sheet = self._bring_to(self._create_luebtheen_2021()[0], "submitted")
        revision = self.Sheet.browse(sheet.action_revise()["res_id"])
        self.assertEqual(sheet.state, "superseded")
        self.assertEqual(revision.state, "draft")
        with self.assertRaisesRegex(UserError, sheet.name):
            sheet.action_copy_to_next_year()

    # ------------------------------------------------------------------ next year

    def test_copy_to_next_year_with_next_years_prices(self):
        sheet, migration = self._create_luebtheen_2021()
        self.Line.create({"sheet_id": sheet.id, "product_id": self.workplace.id,
                          "quantity": 32, "date_from": "2021-04-01"})
        self._bring_to(sheet, "active")
        next_sheet = self.Sheet._find_current(self.traeger, 2022, "administration")
        next_sheet.unlink()  # the migration made a draft for 2022: start from the copy
        copy = self.Sheet.browse(sheet.action_copy_to_next_year()["res_id"])
        self.assertEqual((copy.year, copy.state, copy.revision, copy.name),
                         (2022, "draft", 1, "SS-2022-LÜB-V1"))
        workplace = copy.line_ids.filtered(lambda line: line.product_id == self.workplace)
        self.assertEqual(workplace.price_unit, 1168.5)
        self.assertEqual((workplace.date_from, workplace.date_to), ("2022-04-01", "2022-12-31"))
        reserve = copy.line_ids.filtered("is_reserve")
        self.assertEqual(reserve.price_unit, 5000.0)  # individual amounts are kept
        self.assertFalse(reserve.reserve_called_amount)
        # the migration is not copied: 2022 gets its own share
        migration_lines = copy.line_ids.filtered("onetime_share_id")
        self.assertEqual(migration_lines.onetime_share_id.year, 2022)
        self.assertEqual(migration_lines.subtotal, 26640.0)
        self.assertEqual(len(copy.line_ids), 4)
        with self.assertRaisesRegex(UserError, copy.name):
            sheet.action_copy_to_next_year()

    def test_copy_to_next_year_renames_it_and_leaves_one_time_services_out(self):
        replacement = self._create_service(
            "Ersatz PC (Test)", "investment", "once", {2021: 1029.61, 2022: 1029.61})
        sheet = self._create_sheet(2021, [
            (self.workplace, {"quantity": 32}),
            (replacement, {"quantity": 14, "name": "Ersatz der zum 01.01.2021 mehr als 6 "
                                                  "Jahre alten PC"}),
            (self.reserve, {"price_unit": 5000.0}),
        ])
        sheet.title = "Serviceschein 2021: Übernahme des IT-Betriebes"
        copy = self.Sheet.browse(sheet.action_copy_to_next_year()["res_id"])
        self.assertEqual(copy.title, "Serviceschein 2022: Übernahme des IT-Betriebes")
        self.assertNotIn("2021", copy.title)
        # the replacement is planned once, in 2021; the reserve is planned every year
        self.assertEqual(copy.line_ids.mapped("product_id"), self.workplace | self.reserve)
        self.assertEqual(sheet.title, "Serviceschein 2021: Übernahme des IT-Betriebes")
        self.assertEqual(len(sheet.line_ids), 3)
        untitled = self._create_sheet(2021, [(self.workplace, {"quantity": 1})],
                                      partner=self.other_traeger)
        untitled.title = "Laufender Betrieb"
        copy = self.Sheet.browse(untitled.action_copy_to_next_year()["res_id"])
        self.assertEqual(copy.title, "Laufender Betrieb")

    def test_copy_to_next_year_refuses_a_missing_price(self):
        sheet = self._create_sheet(2021, [(self.fachverfahren, {})])
        with self.assertRaisesRegex(UserError, "Fachverfahren \\(Test\\).*2022"):
            sheet.action_copy_to_next_year()
        self.assertFalse(self.Sheet.search([("partner_id", "=", self.traeger.id),
                                            ("year", "=", 2022)]))
