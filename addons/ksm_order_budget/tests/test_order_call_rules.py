from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError

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

    def test_a_call_belongs_to_the_budget_of_its_year(self):
        budget = self._budget()  # of 2021; the tests' day is 15.06.2021
        Call = self.Call.with_context(lang="de_DE")
        message = self._refused(Call.create, {
            "budget_id": budget.id, "name": "Monitore", "amount": 100.0, "date": "2022-01-10"})
        self.assertIn("ist das Budget für 2021: Seine Abrufe werden 2021 beantragt und "
                      "genehmigt, nicht am 10.01.2022", message)
        self.assertFalse(self.Call.search([("budget_id", "=", budget.id)]))
        call = self._call(budget, 100.0, "Monitore")
        self.assertEqual(call.date, "2021-06-15")
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            call.with_context(lang="de_DE").write({"date": "2022-01-10"})
        self.assertIn("ist auf den 10.01.2022 datiert, das Auftragsbudget %s ist aber das "
                      "Budget für 2021" % budget.name, refusal.exception.name)
        call.invalidate_cache()
        self.assertEqual(call.date, "2021-06-15")

    def test_a_call_is_approved_in_its_budget_year_only(self):
        budget = self._budget()
        call = self._call(budget, 300.0, "Drucker")
        with freeze_time("2022-01-10 10:00:00"):  # within the tests' 2021
            self.assertFalse(budget.is_open)
            self.assertIn("nicht am 10.01.2022",
                          budget.with_context(lang="de_DE").closed_reason)
            message = self._refused(call.with_context(lang="de_DE")._approve, self.mayor)
            self.assertIn("ist das Budget für 2021", message)
            self.assertEqual((call.state, call.approved_by_id.id, call.approved_on),
                             ("requested", False, False))
            self.assertEqual(budget.amount_consumed, 0.0)
            # the mayor signed it in December: KSM records the approval of that day
            call.write({"approved_by_id": self.mayor.id,
                        "approved_on": "2021-12-20 08:00:00"})
            call.action_approve()
            self.assertEqual((call.state, call.approved_on),
                             ("approved", "2021-12-20 08:00:00"))

    def test_an_approval_is_not_dated_in_the_future(self):
        budget = self._budget()
        call = self._call(budget, 300.0, "Drucker")
        call.write({"approved_by_id": self.mayor.id, "approved_on": "2021-06-16 08:00:00"})
        message = self._refused(call.with_context(lang="de_DE").action_approve)
        self.assertIn("Eine Genehmigung kann nicht in der Zukunft datiert sein", message)
        self.assertEqual(call.state, "requested")

    def test_next_years_budget_takes_calls_from_its_first_day(self):
        budget = self._budget(year=2022, state="signed")
        self.assertFalse(budget.is_open)
        message = self._refused(budget.with_context(lang="de_DE")._request_call,
                                "Kabel", 10.0, self.mayor)
        self.assertIn("ist das Budget für 2022", message)
        self.assertFalse(budget.call_ids)
