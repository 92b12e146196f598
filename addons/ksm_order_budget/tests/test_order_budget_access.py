from odoo.exceptions import AccessError

from .order_budget_common import OrderBudgetCase


class TestOrderBudgetAccess(OrderBudgetCase):
    """Record rules: a Träger's staff read their own budgets, calls and budget projects."""

    @classmethod
    def setUpClass(cls):
        super(TestOrderBudgetAccess, cls).setUpClass()
        cls.portal_user = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Ines Becker", "login": "ines.becker.budget@test",
            "parent_id": cls.traeger.id,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})

    def test_portal_user_reads_only_own_traegers_budgets_calls_and_projects(self):
        own = self._budget()
        foreign = self._budget(partner=self.other_traeger)
        own_project, foreign_project = self._project(), self._project(
            "Rathaus Wittenburg", partner=self.other_traeger)
        own_call = self._call(own, 1000.0, "Projekt", "approved", project_id=own_project.id,
                              rate_product_id=self.hour_rate.id)
        foreign_call = self._call(foreign, 1000.0, "Projekt", "approved",
                                  project_id=foreign_project.id,
                                  rate_product_id=self.hour_rate.id)
        unfinanced = self._project("Interne Planung Lübtheen")

        env = self.env(user=self.portal_user)
        self.assertEqual(env["ksm.order.budget"].search([]), own)
        self.assertEqual(env["ksm.order.call"].search([]), own_call)
        projects = env["project.project"].search([("ksm_partner_id", "!=", False)])
        self.assertEqual(projects, own_project)
        self.assertEqual(env["project.project"].browse(own_project.id).ksm_budget_amount,
                         1000.0)
        for model, record in (("ksm.order.budget", foreign), ("ksm.order.call", foreign_call),
                              ("project.project", foreign_project),
                              ("project.project", unfinanced)):
            with self.assertRaises(AccessError):
                env[model].browse(record.id).read(["name"])

    def test_portal_user_cannot_write_or_create(self):
        budget = self._budget()
        call = self._call(budget, 100.0)
        env = self.env(user=self.portal_user)
        with self.assertRaises(AccessError):
            env["ksm.order.call"].browse(call.id).write({"state": "approved"})
        with self.assertRaises(AccessError):
            env["ksm.order.call"].create({"budget_id": budget.id, "name": "X", "amount": 1.0})
        with self.assertRaises(AccessError):
            env["ksm.order.budget"].browse(budget.id).write({"warning_sent": True})
        self.assertEqual(call.state, "requested")
