from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

from .order_budget_common import OrderBudgetCase


class TestProjectBudget(OrderBudgetCase):
    """A project financed by a call: budget in hours and money, timesheets at catalogue
    rates, and every timesheet consuming the order budget exactly once."""

    def setUp(self):
        super(TestProjectBudget, self).setUp()
        self.budget = self._budget()
        self.project = self._project()
        self.call = self._call(self.budget, 4680.0, "Projektbegleitung Neubau Rathaus",
                               "approved", project_id=self.project.id,
                               rate_product_id=self.hour_rate.id)

    def test_project_budget_in_hours_and_money(self):
        project = self.project
        self.assertEqual(project.ksm_partner_id, self.traeger)
        self.assertEqual(project.ksm_order_budget_id, self.budget)
        self.assertEqual(project.ksm_order_call_id, self.call)
        self.assertEqual(project.ksm_hourly_rate, 78.0)
        self.assertEqual((project.ksm_budget_amount, project.ksm_budget_hours), (4680.0, 60.0))
        self.assertEqual((project.ksm_consumed_amount, project.ksm_remaining_amount),
                         (0.0, 4680.0))

    def test_timesheets_consume_the_project_at_the_catalogue_rate(self):
        self._timesheet(self.project, 4.0)
        self._timesheet(self.project, 6.25)
        self._timesheet(self.project, 0.5, date="2022-01-10")  # the budget's year counts
        project = self.project
        self.assertEqual(project.ksm_consumed_hours, 10.75)
        self.assertEqual(project.ksm_consumed_amount, 838.5)  # 10,75 h x 78,00 €
        self.assertEqual(project.ksm_remaining_amount, 3841.5)
        self.assertEqual(project.ksm_remaining_hours, 49.25)
        self.assertEqual(self.call.amount_timesheet, 838.5)
        # while the call runs its amount is reserved in the order budget
        self.assertEqual(self.budget.amount_consumed, 4680.0)
        self.assertEqual(self.budget.amount_remaining, 5320.0)

    def test_done_call_consumes_what_its_timesheets_are_worth(self):
        line = self._timesheet(self.project, 18.5)
        self.call.action_done()
        self.assertEqual(self.call.amount_consumed, 1443.0)  # 18,5 h x 78,00 €
        self.assertEqual(self.budget.amount_consumed, 1443.0)
        self.assertEqual(self.budget.amount_remaining, 8557.0)
        line.unit_amount = 20.0  # a correction after the call was done
        self.assertEqual(self.budget.amount_remaining, 8440.0)

    def test_timesheets_beyond_the_call_consume_more_and_warn(self):
        self._call(self.budget, 3000.0, "Hardware", "approved")
        self.assertFalse(self._warnings(self.budget))  # 7.680,00 € = 76,8 %
        self._timesheet(self.project, 65.0)  # 5.070,00 € > 4.680,00 €
        self.assertEqual(self.call.amount_consumed, 5070.0)
        self.assertEqual(self.budget.amount_consumed, 8070.0)
        self.assertEqual(self.project.ksm_remaining_hours, -5.0)
        self.assertEqual(len(self._warnings(self.budget)), 1)

    def test_each_timesheet_counts_for_one_call_only(self):
        task = self.env["project.task"].create({
            "name": "Netzwerkplanung", "project_id": self.project.id})
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(self.budget, 500.0, "Netzwerkplanung", task_id=task.id)
        line = self._timesheet(self.project, 2.0, task=task)
        self.assertEqual(line.ksm_order_call_id, self.call)
        self.assertEqual(self.Timesheet.search([
            ("ksm_order_call_id", "!=", False), ("project_id", "=", self.project.id)]), line)
        self.assertEqual(self.Call.search([("budget_id", "=", self.budget.id)]), self.call)
        self.assertEqual(self.call.amount_timesheet, 156.0)

    def test_task_financed_in_a_project_without_budget(self):
        support = self._project("IT-Unterstützung Stadt Lübtheen")
        Task = self.env["project.task"]
        printer = Task.create({"name": "Druckerumzug", "project_id": support.id})
        phone = Task.create({"name": "Telefonanlage", "project_id": support.id})
        call = self._call(self.budget, 500.0, "Druckerumzug", "approved", task_id=printer.id,
                          rate_product_id=self.hour_rate.id)
        counted = self._timesheet(support, 3.0, task=printer)
        other = self._timesheet(support, 5.0, task=phone)
        self.assertEqual(counted.ksm_order_call_id, call)
        self.assertFalse(other.ksm_order_call_id)
        self.assertEqual(counted.ksm_amount, 234.0)
        call.action_done()
        self.assertEqual(call.amount_consumed, 234.0)
        self.assertFalse(support.ksm_order_call_id, "a task's call does not finance the project")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(self.budget, 900.0, "Ganzes Projekt", project_id=support.id)

    def test_one_open_call_per_project(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(self.budget, 100.0, "Nachtrag", project_id=self.project.id)
        self.assertEqual(self.Call.search([("project_id", "=", self.project.id)]), self.call)

    def test_call_with_timesheets_cannot_be_cancelled(self):
        self._timesheet(self.project, 1.0)
        with self.assertRaises(UserError):
            self.call.action_cancel()
        self.assertEqual(self.call.state, "approved")

    @freeze_time("2022-01-20 10:00:00")  # calls are approved in their budget's year
    def test_rate_of_the_budget_year(self):
        budget_2022 = self._budget(year=2022)
        project = self._project("Umzug Bauhof")
        self._call(budget_2022, 799.5, "Umzug Bauhof", "approved", project_id=project.id,
                   rate_product_id=self.hour_rate.id)
        self.assertEqual(project.ksm_hourly_rate, 79.95)
        self.assertEqual(project.ksm_budget_hours, 10.0)
        self._timesheet(project, 2.5, date="2022-02-01")
        self.assertEqual(project.ksm_consumed_amount, 199.88)  # 2,5 x 79,95 = 199,875

    @freeze_time("2023-01-20 10:00:00")
    def test_rate_needs_a_catalogue_price_of_the_year(self):
        budget_2023 = self._budget(year=2023)
        project = self._project("Serverraum")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(budget_2023, 1000.0, "Serverraum", project_id=project.id,
                       rate_product_id=self.hour_rate.id)
        self.assertFalse(self.Call.search([("project_id", "=", project.id)]))

    def test_create_project_from_the_call(self):
        call = self._call(self.budget, 1560.0, "Umzug Archivserver", "approved",
                          rate_product_id=self.hour_rate.id)
        action = call.action_create_project()
        project = self.env["project.project"].browse(action["res_id"])
        self.assertEqual(call.project_id, project)
        self.assertEqual(project.name, "Umzug Archivserver")
        self.assertEqual(project.ksm_partner_id, self.traeger)
        self.assertEqual(project.ksm_budget_hours, 20.0)
        with self.assertRaises(UserError):
            call.action_create_project()

    def test_rate_must_be_priced_per_hour(self):
        project = self._project("Umzug Archiv")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(self.budget, 500.0, "Umzug Archiv", project_id=project.id,
                       rate_product_id=self.workplace.id)
        self.assertFalse(self.Call.search([("project_id", "=", project.id)]))
