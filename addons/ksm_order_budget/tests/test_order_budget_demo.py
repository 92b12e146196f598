from odoo.tests.common import TransactionCase


class TestOrderBudgetDemo(TransactionCase):
    """What `make run` shows: Lübtheen's order budget 2021 of its council resolution."""

    def test_luebtheen_order_budget_2021(self):
        sheet = self.env.ref("ksm_services.sheet_luebtheen_2021")
        budget = sheet.order_budget_ids
        self.assertEqual(budget.amount, 10000.0)
        town_hall = self.env.ref("ksm_order_budget.call_luebtheen_town_hall")
        hardware = self.env.ref("ksm_order_budget.call_luebtheen_hardware")
        wifi = self.env.ref("ksm_order_budget.call_luebtheen_wifi")
        self.assertEqual((town_hall.state, hardware.state, wifi.state),
                         ("approved", "done", "requested"))
        project = self.env.ref("ksm_order_budget.project_luebtheen_town_hall")
        self.assertEqual(project.ksm_order_call_id, town_hall)
        self.assertEqual((project.ksm_budget_hours, project.ksm_consumed_hours), (60.0, 18.5))
        self.assertEqual(project.ksm_consumed_amount, 1443.0)  # 18,5 h x 78,00 €
        self.assertEqual(budget.amount_consumed, 7530.0)  # 4.680,00 € reserved + 2.850,00 €
        self.assertEqual(budget.amount_remaining, 2470.0)
        self.assertFalse(budget.warning_sent, "the mayor's approval of the WLAN call warns")

    def test_the_resolved_2022_sheet_has_no_budget_before_its_acceptance(self):
        self.assertFalse(self.env.ref("ksm_services.sheet_luebtheen_2022").order_budget_ids)
