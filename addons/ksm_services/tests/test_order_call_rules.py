from odoo.exceptions import UserError

from .order_budget_common import OrderBudgetCase


class TestOrderCallRules(OrderBudgetCase):
    """How councils decide calls: a second person approves, a refusal gives its reason,
    the approval says who and when, and the description fits the portal's form."""

    @classmethod
    def setUpClass(cls):
        super(TestOrderCallRules, cls).setUpClass()
        cls.treasurer = cls.env["res.partner"].create({
            "name": "Petra Lange", "parent_id": cls.traeger.id, "ksm_role_signatory": True})

    def _refused(self, function, *args):
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            function(*args)
        return refusal.exception.name

    def test_whoever_requested_a_call_cannot_approve_it(self):
        budget = self._budget()
        call = self._call(budget, 800.0, "Monitore", requested_by_id=self.mayor.id)
        message = self._refused(call.with_context(lang="de_DE")._approve, self.mayor)
        self.assertIn("Sabine Kramer hat den Abruf „Monitore“ angefordert und kann ihn "
                      "nicht auch genehmigen", message)
        self.assertEqual((call.state, call.approved_by_id.id, call.approved_on),
                         ("requested", False, False))
        self.assertEqual(budget.amount_consumed, 0.0)
        # KSM recording the requester as approver is refused the same way
        call.approved_by_id = self.mayor
        self._refused(call.action_approve)
        self.assertEqual(call.state, "requested")
        call._approve(self.treasurer)
        self.assertEqual((call.state, call.approved_by_id), ("approved", self.treasurer))

    def test_a_refusal_needs_a_reason(self):
        budget = self._budget()
        call = self._call(budget, 300.0, "Drucker")
        for reason in (None, "", "   "):
            message = self._refused(call.with_context(lang="de_DE")._refuse, self.mayor,
                                    reason)
            self.assertIn("Bitte geben Sie den Grund für die Ablehnung", message)
        self._refused(call.with_context(lang="de_DE").action_refuse)
        self.assertEqual((call.state, call.refusal_reason), ("requested", False))
        call._refuse(self.mayor, "  Im Haushalt 2021 nicht mehr gedeckt ")
        self.assertEqual((call.state, call.refusal_reason),
                         ("refused", "Im Haushalt 2021 nicht mehr gedeckt"))
        self.assertIn("Im Haushalt 2021 nicht mehr gedeckt", call.message_ids[0].body)

    def test_the_approval_says_who_and_when_in_local_time(self):
        budget = self._budget()
        call = self._call(budget, 300.0, "Drucker", "approved")
        call.sudo().write({"approved_on": "2021-07-12 06:05:00"})  # 08:05 in Schwerin
        self.assertEqual(call.with_context(lang="de_DE", tz="Europe/Berlin")._approval_text(),
                         "Sabine Kramer, 12.07.2021 08:05 MESZ")
        requested = self._call(budget, 10.0, "Kabel")
        self.assertEqual(requested._approval_text(), "")

    def test_the_description_has_at_most_200_characters(self):
        budget = self._budget()
        Call = self.Call.with_context(lang="de_DE")
        message = self._refused(Call.create, {
            "budget_id": budget.id, "name": "x" * 201, "amount": 10.0})
        self.assertIn("höchstens 200 Zeichen", message)
        self.assertIn("201", message)
        self.assertFalse(self.Call.search([("budget_id", "=", budget.id)]))
        call = Call.create({"budget_id": budget.id, "name": "y" * 200, "amount": 10.0})
        self._refused(call.write, {"name": "z" * 250})
        call.invalidate_cache()
        self.assertEqual(call.name, "y" * 200)
