from freezegun import freeze_time

from odoo.addons.ksm_services.tests.common import KsmServicesCase

# calls are requested and approved in their budget's year: the tests live in 2021
BUDGET_YEAR_DAY = "2021-06-15 10:00:00"


class OrderBudgetCase(KsmServicesCase):
    """Lübtheen's signed 2021 sheet with its order budget of 10.000,00 €, an hourly rate in
    the catalogue (78,00 € in 2021, 79,95 € in 2022) and KSM's account manager, on a day
    of 2021."""

    @classmethod
    def setUpClass(cls):
        super(OrderBudgetCase, cls).setUpClass()
        cls.Budget = cls.env["ksm.order.budget"]
        cls.Call = cls.env["ksm.order.call"]
        cls.Timesheet = cls.env["account.analytic.line"]
        cls.hour_rate = cls.env["product.product"].create({
            "name": "Projektleistung je Stunde (Test)", "type": "service",
            "ksm_is_catalogue": True, "ksm_category": "project", "ksm_billing_rhythm": "once",
            "uom_id": cls.env.ref("product.product_uom_hour").id,
            "uom_po_id": cls.env.ref("product.product_uom_hour").id,
            "ksm_price_ids": [(0, 0, {"year": 2021, "price": 78.0}),
                              (0, 0, {"year": 2022, "price": 79.95})]})
        cls.account_manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Kai Ahrens", "login": "kai.ahrens@test", "lang": "de_DE",
            "email": "kai.ahrens@ksm.example",
            "groups_id": [(6, 0, [cls.env.ref("ksm_base.group_ksm_user").id])]})
        cls.employee = cls.env["hr.employee"].create({
            "name": "Kai Ahrens", "user_id": cls.account_manager.id})

    def setUp(self):
        super(OrderBudgetCase, self).setUp()
        clock = freeze_time(BUDGET_YEAR_DAY)
        clock.start()
        self.addCleanup(clock.stop)

    def _signed_sheet(self, amount=10000.0, year=2021, partner=None, state="active"):
        sheet = self._create_sheet(year, [(self.order_budget, {"price_unit": amount})],
                                   partner=partner)
        return self._bring_to(sheet, state)

    def _budget(self, amount=10000.0, year=2021, partner=None, state="active"):
        budget = self._signed_sheet(amount, year, partner, state).order_budget_ids
        budget.user_id = self.account_manager
        return budget

    def _call(self, budget, amount, name="Abruf", state="requested", **values):
        """A call on ``budget``, approved by the Träger's signatory up to ``state``."""
        call = self.Call.with_context(lang="de_DE").create(
            dict(values, budget_id=budget.id, name=name, amount=amount))
        if state in ("approved", "done", "invoiced"):
            signatory = self.mayor if budget.partner_id == self.traeger else self.other_mayor
            call._approve(signatory)
        if state in ("done", "invoiced"):
            call.action_done()
        if state == "invoiced":
            call.action_mark_invoiced()
        self.assertEqual(call.state, state)
        return call

    def _project(self, name="Projektbegleitung Neubau Rathaus", partner=None):
        return self.env["project.project"].create({
            "name": name, "partner_id": (partner or self.traeger).id})

    def _timesheet(self, project, hours, task=None, date="2021-03-04"):
        return self.Timesheet.create({
            "name": "Arbeit", "date": date, "unit_amount": hours,
            "project_id": project.id, "task_id": task.id if task else False,
            "employee_id": self.employee.id, "user_id": self.account_manager.id})

    def _warnings(self, budget):
        return self.env["mail.activity"].search([
            ("res_model", "=", "ksm.order.budget"), ("res_id", "=", budget.id),
            ("activity_type_id", "=",
             self.env.ref("ksm_order_budget.mail_activity_type_order_budget_warning").id)])
