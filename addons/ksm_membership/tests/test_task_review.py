from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import ValidationError

from .common import KsmMembershipCase


class TestTaskReview(KsmMembershipCase):
    """Resolution point 8: KSM checks regularly whether further tasks should be
    transferred; the review is scheduled as an activity on its date."""

    def review_activities(self, membership):
        return self.env["mail.activity"].search([
            ("res_model", "=", "ksm.membership"), ("res_id", "=", membership.id),
            ("activity_type_id", "=",
             self.env.ref("ksm_membership.mail_activity_type_task_review").id)])

    def test_due_review_becomes_an_activity_and_moves_on_a_year(self):
        due = date.today() - timedelta(days=3)
        self.founder_landkreis.write({"next_task_review_date": fields.Date.to_string(due),
                                      "user_id": self.staff.id})
        self.founder_schwerin.next_task_review_date = fields.Date.to_string(
            date.today() + timedelta(days=10))

        self.env["ksm.membership"]._cron_schedule_task_review()

        activity = self.review_activities(self.founder_landkreis)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, fields.Date.to_string(due))
        self.assertEqual(activity.user_id, self.staff)
        self.assertEqual(activity.summary, "Mit dem Träger prüfen, ob weitere Aufgaben an die "
                                           "KSM übertragen werden sollen")
        self.assertEqual(self.founder_landkreis.next_task_review_date,
                         fields.Date.to_string(due + relativedelta(years=1)))
        self.assertFalse(self.review_activities(self.founder_schwerin), "not due yet")

        self.env["ksm.membership"]._cron_schedule_task_review()
        self.assertEqual(len(self.review_activities(self.founder_landkreis)), 1)

    def test_long_overdue_review_is_scheduled_once(self):
        self.founder_landkreis.next_task_review_date = "2015-06-30"
        self.env["ksm.membership"]._cron_schedule_task_review()
        self.assertEqual(len(self.review_activities(self.founder_landkreis)), 1)
        self.assertGreater(self.founder_landkreis.next_task_review_date,
                           fields.Date.context_today(self.founder_landkreis))

    def test_transfers_are_counted_on_the_membership(self):
        transfer = self.env["ksm.task.transfer"].create({
            "partner_id": self.landkreis.id,
            "task_id": self.env.ref("ksm_membership.task_data_protection_officer").id,
            "date_from": "2026-01-01",
            "resolution_id": self.founding_landkreis.id})
        self.assertIn(transfer, self.landkreis.ksm_task_transfer_ids)
        self.assertEqual(self.founder_landkreis.task_transfer_count,
                         len(self.landkreis.ksm_task_transfer_ids))
        self.assertIn(transfer, self.founding_landkreis.task_transfer_ids)

    def test_a_task_is_transferred_once_at_a_time_by_the_traegers_resolution(self):
        town, _signatory = self.create_traeger("Stadt Teststadt")
        resolution = self.create_resolution(town, "SV/2013/001", "Übertragung des IT-Betriebs")
        it_operation = self.env.ref("ksm_membership.task_it_operation")
        self.env["ksm.task.transfer"].create({
            "partner_id": town.id, "task_id": it_operation.id,
            "date_from": "2014-01-01", "date_to": "2020-12-31"})
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            self.env["ksm.task.transfer"].create({
                "partner_id": town.id, "task_id": it_operation.id,
                "date_from": "2020-01-01"})
        self.assertIn("Stadt Teststadt hat „IT-Betrieb“ bereits ab 01.01.2014",
                      refusal.exception.name)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["ksm.task.transfer"].create({
                "partner_id": town.id, "task_id": it_operation.id,
                "date_from": "2021-01-01", "resolution_id": self.founding_schwerin.id})
        self.env["ksm.task.transfer"].create({
            "partner_id": town.id, "task_id": it_operation.id,
            "date_from": "2021-01-01", "resolution_id": resolution.id})
