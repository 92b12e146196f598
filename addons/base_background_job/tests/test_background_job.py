"""The queue of background jobs: who runs what, failures, a died process, the lock."""
from unittest.mock import patch

from odoo.exceptions import AccessError, UserError
from odoo.tests.common import TransactionCase

from ..models.background_job import JOB_LOCK_CLASS, MAX_ATTEMPTS


class TestBackgroundJob(TransactionCase):

    def setUp(self):
        super(TestBackgroundJob, self).setUp()
        self.Job = self.env["background.job"]
        self.Partner = self.env["res.partner"]
        self.clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Sachbearbeiterin Jobs", "login": "jobs-clerk",
            "groups_id": [(6, 0, [self.env.ref("base.group_user").id,
                                  self.env.ref("base.group_partner_manager").id])]})
        self.partner = self.Partner.create({"name": "Gemeinde Hintergrund"})

    def _enqueue(self, records, method, description="Test job"):
        return self.Job._enqueue(records, method, description)

    def test_a_job_runs_as_the_user_who_queued_it_in_her_language(self):
        partner = self.partner.sudo(self.clerk).with_context(lang="de_DE",
                                                              tz="Europe/Berlin")
        job = self._enqueue(partner, "toggle_active")
        self.assertEqual((job.state, job.user_id, job.model_name, job.res_id),
                         ("queued", self.clerk, "res.partner", self.partner.id))
        self.assertEqual(job.record_name, "Gemeinde Hintergrund")
        self.assertIn('"lang": "de_DE"', job.context_json)
        self.assertTrue(self.partner.active)
        self.Job._cron_run_queue()
        self.assertEqual((job.state, job.attempt_count, job.error), ("done", 1, False))
        self.assertTrue(job.date_started and job.date_finished)
        self.assertFalse(self.partner.active)
        self.assertEqual(self.partner.write_uid, self.clerk)

    def test_a_record_gets_one_job_per_method_while_it_waits(self):
        first = self._enqueue(self.partner, "toggle_active")
        self.assertEqual(self._enqueue(self.partner, "toggle_active"), first)
        self.assertEqual(len(self.Job.search([("res_id", "=", self.partner.id),
                                              ("model_name", "=", "res.partner")])), 1)
        with self.assertRaises(ValueError):
            self._enqueue(self.partner, "no_such_method")

    def test_a_failure_is_recorded_rolled_back_and_told_in_the_chatter(self):
        def fail(records):
            records.write({"name": "Halb geändert"})
            raise UserError("Absichtlich fehlgeschlagen")

        def crash(records):
            records.write({"name": "Halb geändert"})
            raise ValueError("kaputt")

        partner = self.partner.with_context(lang="de_DE")
        Partner = type(self.Partner)
        with patch.object(Partner, "_test_fail", fail, create=True), \
                patch.object(Partner, "_test_crash", crash, create=True):
            job = self._enqueue(partner, "_test_fail")
            crashed = self._enqueue(partner, "_test_crash")
            self.Job.with_context(lang="de_DE")._cron_run_queue()
        self.assertEqual(crashed.state, "failed")
        self.assertEqual(crashed.error, "Unerwarteter Fehler: kaputt")
        self.assertEqual(job.state, "failed")
        self.assertEqual(job.error, "Absichtlich fehlgeschlagen")
        self.assertEqual(self.partner.name, "Gemeinde Hintergrund")  # rolled back
        messages = " ".join(self.partner.message_ids.mapped("body"))
        self.assertIn("Die Hintergrundaufgabe „Test job“ ist fehlgeschlagen: Absichtlich "
                      "fehlgeschlagen", messages)
        # the administrator queues it again; the clerk may not
        with self.assertRaises(AccessError):
            job.sudo(self.clerk).action_requeue()
        job.action_requeue()
        self.assertEqual((job.state, job.attempt_count, job.error), ("queued", 0, False))
        job.action_cancel()
        self.assertEqual(job.state, "cancelled")
        with self.assertRaises(UserError):
            job.action_cancel()

    def test_a_job_whose_process_died_is_resumed_then_given_up(self):
        job = self._enqueue(self.partner, "toggle_active")
        job._set_state("running", {"attempt_count": 1})  # its process was killed
        self.Job._cron_run_queue()
        self.assertEqual((job.state, job.attempt_count), ("done", 2))
        self.assertFalse(self.partner.active)
        again = self._enqueue(self.partner, "toggle_active")
        again._set_state("running", {"attempt_count": MAX_ATTEMPTS})
        self.Job.with_context(lang="de_DE")._cron_run_queue()
        self.assertEqual(again.state, "failed")
        self.assertIn("%d-mal unterbrochen" % MAX_ATTEMPTS, again.error)
        self.assertFalse(self.partner.active)  # not run a fourth time

    def test_a_job_another_process_works_on_is_left_to_it(self):
        job = self._enqueue(self.partner, "toggle_active")
        job._set_state("running", {"attempt_count": 1})
        other_process = self.registry.cursor()
        try:
            other_process.execute("SELECT pg_advisory_lock(%s, %s)", (JOB_LOCK_CLASS, job.id))
            self.Job._cron_run_queue()
            self.assertEqual((job.state, job.attempt_count), ("running", 1))
            self.assertTrue(self.partner.active)
        finally:
            self.Job._release_lock(other_process, job.id)
        self.Job._cron_run_queue()
        self.assertEqual(job.state, "done")

    def test_staff_see_their_own_jobs_and_cannot_create_or_change_them(self):
        mine = self._enqueue(self.partner.sudo(self.clerk), "toggle_active")
        others = self._enqueue(self.Partner.create({"name": "Andere"}), "toggle_active")
        self.assertEqual(self.Job.sudo(self.clerk).search([("id", "in", (mine | others).ids)]),
                         mine)
        with self.assertRaises(AccessError):
            self.Job.sudo(self.clerk).create({
                "name": "x", "model_name": "res.partner", "res_id": self.partner.id,
                "method_name": "unlink", "user_id": self.clerk.id})
        with self.assertRaises(AccessError):
            mine.sudo(self.clerk).write({"method_name": "unlink"})
        with self.assertRaises(UserError):  # the status only through the actions
            others.write({"state": "done"})
