from odoo.exceptions import ValidationError

from .common import ItOperationsCase


class TestMaintenanceContract(ItOperationsCase):
    """Notice deadlines of maintenance contracts and the reminders of the daily job."""

    @classmethod
    def setUpClass(cls):
        super(TestMaintenanceContract, cls).setUpClass()
        cls.Contract = cls.env["ksm.maintenance.contract"]
        cls.vendor = cls.env["res.partner"].create({
            "name": "HSH Soft- und Hardware Vertriebs GmbH", "is_company": True})
        cls.manager = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Kai Ahrens", "login": "kai.ahrens.contracts@test", "lang": "de_DE",
            "groups_id": [(6, 0, [cls.env.ref("ksm_base.group_ksm_user").id])]})

    def _contract(self, **values):
        vals = {
            "name": "Softwarepflege Einwohnermeldewesen", "partner_id": self.traeger.id,
            "vendor_id": self.vendor.id, "yearly_cost": 3480.0, "date_start": "2016-01-01",
            "date_end": "2021-12-31", "renewal_months": 12, "notice_period_months": 3,
            "user_id": self.manager.id, "state": "active", "taken_over_on": "2021-01-01"}
        vals.update(values)
        # contracts taken over before Odoo are recorded as they are
        return self.Contract.browse(self.Contract._without_state_guard().create(vals).id)

    def _reminders(self, contract):
        return self.env["mail.activity"].search([
            ("res_model", "=", "ksm.maintenance.contract"), ("res_id", "=", contract.id),
            ("activity_type_id", "=",
             self.env.ref("ksm_it_operations.mail_activity_type_notice_deadline").id)])

    def test_notice_deadline(self):
        contract = self._contract()
        self.assertEqual(contract.notice_date, "2021-09-30")
        contract.write({"date_end": "2022-06-30", "notice_period_months": 3})
        self.assertEqual(contract.notice_date, "2022-03-31")  # end of month to end of month
        contract.write({"date_end": "2022-06-15", "notice_period_months": 6})
        self.assertEqual(contract.notice_date, "2021-12-15")
        contract.date_end = False
        self.assertFalse(contract.notice_date)

    def test_reminder_sixty_days_before_the_deadline_once(self):
        contract = self._contract()
        self.Contract._cron_notice_deadlines(today="2021-07-31")
        self.assertFalse(self._reminders(contract), "61 days before: too early")
        self.Contract._cron_notice_deadlines(today="2021-08-01")
        reminder = self._reminders(contract)
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.manager)
        self.assertEqual(reminder.date_deadline, "2021-09-30")
        self.assertEqual(reminder.summary,
                         "Kündigungsfrist Softwarepflege Einwohnermeldewesen am 30.09.2021")
        self.assertIn("3.480,00 €", reminder.note)
        self.assertIn("31.12.2022", reminder.note)  # runs on by 12 months without notice
        self.assertEqual(contract.notice_reminder_date, "2021-09-30")
        self.Contract._cron_notice_deadlines(today="2021-08-02")
        self.Contract._cron_notice_deadlines(today="2021-09-30")
        self.assertEqual(self._reminders(contract), reminder, "one reminder per deadline")

    def test_reminder_days_per_contract(self):
        contract = self._contract(reminder_days=14)
        self.Contract._cron_notice_deadlines(today="2021-09-15")
        self.assertFalse(self._reminders(contract))
        self.Contract._cron_notice_deadlines(today="2021-09-16")
        self.assertEqual(len(self._reminders(contract)), 1)

    def test_missed_deadline_renews_and_reminds_of_the_next(self):
        contract = self._contract()
        self.Contract._cron_notice_deadlines(today="2021-10-01")
        self.assertFalse(self._reminders(contract), "the deadline has passed")
        self.Contract._cron_notice_deadlines(today="2022-01-01")
        self.assertEqual(contract.date_end, "2022-12-31")
        self.assertEqual(contract.notice_date, "2022-09-30")
        self.assertEqual(contract.state, "active")
        self.Contract._cron_notice_deadlines(today="2022-08-01")
        reminder = self._reminders(contract)
        self.assertEqual(reminder.date_deadline, "2022-09-30")

    def test_renewal_catches_up_several_terms(self):
        contract = self._contract(date_end="2019-12-31")
        self.Contract._cron_notice_deadlines(today="2021-11-21")
        self.assertEqual(contract.date_end, "2021-12-31")

    def test_notice_given_ends_the_contract_with_its_term(self):
        contract = self._contract()
        self.Contract._cron_notice_deadlines(today="2021-08-01")
        reminder = self._reminders(contract)
        contract.action_give_notice()
        self.assertEqual(contract.state, "noticed")
        self.assertTrue(contract.noticed_on)
        self.assertFalse(reminder.exists(), "the reminder is done")
        self.Contract._cron_notice_deadlines(today="2021-12-31")
        self.assertEqual(contract.state, "noticed")
        self.Contract._cron_notice_deadlines(today="2022-01-01")
        self.assertEqual((contract.state, contract.date_end), ("ended", "2021-12-31"))

    def test_fixed_term_ends(self):
        contract = self._contract(renewal_months=0)
        self.Contract._cron_notice_deadlines(today="2022-01-01")
        self.assertEqual((contract.state, contract.date_end), ("ended", "2021-12-31"))

    def test_contracts_under_review_are_reminded_too(self):
        contract = self._contract(state="review", taken_over_on=False)
        self.Contract._cron_notice_deadlines(today="2021-08-01")
        self.assertEqual(len(self._reminders(contract)), 1)
        contract.action_take_over()
        self.assertEqual(contract.state, "active")
        self.assertTrue(contract.taken_over_on)

    def test_term_cannot_end_before_it_starts(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._contract(date_start="2022-01-01", date_end="2021-12-31")
