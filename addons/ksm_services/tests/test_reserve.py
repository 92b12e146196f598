from odoo.exceptions import UserError

from .common import KsmServicesCase


class TestInvestmentReserve(KsmServicesCase):

    def _call(self, line, amount):
        wizard = self.env["ksm.reserve.call"].create({
            "line_id": line.id, "amount": amount, "reason": "Ersatz Server Rathaus"})
        return wizard.action_call()

    def test_reserve_is_planned_but_invoiceable_only_when_called(self):
        sheet, __ = self._create_luebtheen_2021()
        reserve = sheet.line_ids.filtered("is_reserve")
        self.assertEqual(reserve.subtotal, 5000.0)
        self.assertEqual(reserve.amount_invoiceable, 0.0)
        others = sheet.line_ids - reserve
        self.assertEqual(others.mapped("amount_invoiceable"), others.mapped("subtotal"))
        with self.assertRaisesRegex(UserError, sheet.name):
            self._call(reserve, 1000.0)  # not signed yet
        self._bring_to(sheet, "active")
        self._call(reserve, 2000.0)
        self._call(reserve, 1000.0)
        self.assertEqual(reserve.reserve_called_amount, 3000.0)
        self.assertEqual(reserve.reserve_remaining, 2000.0)
        self.assertEqual(reserve.amount_invoiceable, 3000.0)
        self.assertEqual(sheet.amount_total, 41640.0)  # the plan stays as resolved
        self.assertIn("Ersatz Server Rathaus", sheet.message_ids[0].body)

    def test_calls_cannot_exceed_the_reserve(self):
        sheet, __ = self._create_luebtheen_2021()
        self._bring_to(sheet, "signed")
        reserve = sheet.line_ids.filtered("is_reserve")
        self._call(reserve, 4500.0)
        with self.assertRaisesRegex(UserError, "500,00"):
            self._call(reserve, 500.01)
        with self.assertRaises(UserError):
            self._call(reserve, 0.0)
        self.assertEqual(reserve.reserve_called_amount, 4500.0)

    def test_only_reserves_can_be_called(self):
        sheet, __ = self._create_luebtheen_2021()
        self._bring_to(sheet, "signed")
        order_budget = sheet.line_ids.filtered(lambda line: line.product_id == self.order_budget)
        with self.assertRaises(UserError):
            self._call(order_budget, 100.0)
        self.assertEqual(order_budget.reserve_called_amount, 0.0)
