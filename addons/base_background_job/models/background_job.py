import json
import logging
import threading

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError

_logger = logging.getLogger(__name__)

JOB_STATES = [
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]
ACTIVE_STATES = ("queued", "running")
# First key of the PostgreSQL advisory lock a runner holds on a job while it works on
# it (the second key is the job): "JOB" in ASCII.
JOB_LOCK_CLASS = 0x4A4F42
# A job whose process died this often (kill -9, out of memory, a time limit) is not
# started again: it would take the next runner down too.
MAX_ATTEMPTS = 3
# What of the context of the user who queued the job it runs with
CONTEXT_KEYS = ("lang", "tz", "force_company")


def _testing():
    """Whether the code runs in Odoo's tests, which roll back at their end."""
    return getattr(threading.currentThread(), "testing", False)


class BackgroundJob(models.Model):
    """A method of a record, run by the cron worker instead of in an HTTP request.

    An action that may take more than a couple of seconds queues a job
    (``background.job.mixin._enqueue_background_job``) and returns at once. The runner
    (a scheduled action, every minute) works through the queue, each job as the user
    who queued it, with her language and time zone. It holds a PostgreSQL session lock
    on the job while it runs it, on a connection of its own: when the process dies, the
    session and its lock go with it, and the next runner finds the job still "running" but free and
    starts it again (the job's method must be resumable; after ``MAX_ATTEMPTS`` it
    fails). The job's method may commit its own steps; a failure rolls back what it had
    not committed and is recorded on the job and in the record's chatter.

    Why the cron worker and not OCA ``queue_job``: ``queue_job`` 11.0 runs each job in an
    HTTP request to the workers, bound by the HTTP workers' time limits and taking one
    of them for as long as the job runs, which is what this module is there to avoid.
    The cron worker is a process of its own, with its own time limit
    (``limit_time_real_cron``).
    """

    _name = "background.job"
    _description = "Background job"
    _inherit = ["state.guard.mixin"]
    _order = "id desc"

    name = fields.Char(string="Description", required=True, readonly=True)
    model_name = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Integer(string="Record ID", required=True, readonly=True, index=True)
    method_name = fields.Char(string="Method", required=True, readonly=True)
    record_name = fields.Char(string="Record", compute="_compute_record_name")
    user_id = fields.Many2one("res.users", string="Queued by", required=True,
                              readonly=True, ondelete="cascade", index=True)
    context_json = fields.Text(string="Context", readonly=True, default="{}")
    state = fields.Selection(JOB_STATES, string="Status", required=True, default="queued",
                             readonly=True, index=True)
    date_started = fields.Datetime(string="Started on", readonly=True)
    date_finished = fields.Datetime(string="Finished on", readonly=True)
    attempt_count = fields.Integer(
        string="Attempts", readonly=True, default=0,
        help="How often a runner started the job; more than once when the process "
             "running it died.")
    error = fields.Text(string="Error", readonly=True)

    @api.depends("model_name", "res_id")
    def _compute_record_name(self):
        for job in self:
            record = job._record()
            job.record_name = record.display_name if record else False

    def _record(self):
        """The job's record as superuser, if it still exists."""
        if self.model_name not in self.env:
            return None
        return self.env[self.model_name].sudo().browse(self.res_id).exists() or None

    # ------------------------------------------------------------------ queueing
    @api.model
    def _enqueue(self, records, method_name, description):
        """One job per record to call ``method_name`` on it; a record that already has
        this method queued or running gets no second job.

        :returns: the jobs (new and existing), in the caller's environment
        """
        if not callable(getattr(records, method_name, None)):
            raise ValueError("%s has no method %s" % (records._name, method_name))
        existing = self._active_jobs(records, method_name)
        queued_ids = set(existing.mapped("res_id"))
        context = json.dumps({key: records.env.context[key] for key in CONTEXT_KEYS
                              if records.env.context.get(key)})
        jobs = existing.sudo()
        for record in records:
            if record.id in queued_ids:
                continue
            jobs |= self.sudo().create({
                "name": description,
                "model_name": records._name,
                "res_id": record.id,
                "method_name": method_name,
                "user_id": records.env.uid,
                "context_json": context,
            })
        return jobs.with_env(self.env)

    @api.model
    def _active_jobs(self, records, method_name=None):
        """The queued or running jobs of ``records`` (as superuser)."""
        domain = [("model_name", "=", records._name), ("res_id", "in", records.ids),
                  ("state", "in", ACTIVE_STATES)]
        if method_name:
            domain.append(("method_name", "=", method_name))
        return self.sudo().search(domain)

    # ------------------------------------------------------------------ running
    @api.model
    def _cron_run_queue(self):
        """Scheduled action: run the queued jobs, and those whose process died, one
        after the other until none is left."""
        tried = set()
        while True:
            job, lock_cursor = self._take_next_job(tried)
            if not job:
                return
            tried.add(job.id)
            try:
                job._run()
            finally:
                self._release_lock(lock_cursor, job.id)

    @api.model
    def _take_next_job(self, skip_ids):
        """The oldest job no process works on, locked for this one.

        :returns: (job, the cursor holding its lock) or (None, None)
        """
        self.env.cr.execute("SELECT id FROM background_job WHERE state IN %s ORDER BY id",
                            [ACTIVE_STATES])
        for job_id in [row[0] for row in self.env.cr.fetchall() if row[0] not in skip_ids]:
            lock_cursor = self.pool.cursor()
            lock_cursor.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                (JOB_LOCK_CLASS, job_id))
            if lock_cursor.fetchone()[0]:
                # read the job again in a snapshot taken after the lock: another
                # process may have finished it meanwhile
                self._commit()
                job = self.browse(job_id)
                job.invalidate_cache()
                if job.state in ACTIVE_STATES:
                    return job, lock_cursor
                self._release_lock(lock_cursor, job_id)
            else:
                lock_cursor.close()
        return None, None

    @api.model
    def _release_lock(self, lock_cursor, job_id):
        """Release the job's lock: closing an Odoo cursor gives its connection back to
        the pool, and the PostgreSQL session (with its locks) goes on."""
        try:
            lock_cursor.execute("SELECT pg_advisory_unlock(%s, %s)", (JOB_LOCK_CLASS, job_id))
            lock_cursor.commit()
        except psycopg2.Error:
            _logger.exception("Releasing the lock of job %s failed; closing its connection",
                              job_id)
            lock_cursor._cnx.close()  # the session ends, and its lock with it
        finally:
            lock_cursor.close()

    @api.multi
    def _run(self):
        """Run the job's method; record how it ended. Call it holding the job's lock."""
        self.ensure_one()
        if self.attempt_count >= MAX_ATTEMPTS:
            self._finish("failed", _(
                "The job was interrupted %d times (the process running it ended); it is "
                "not started again. Look into the server log, then queue it again.")
                % self.attempt_count)
            return
        self._set_state("running", {"date_started": fields.Datetime.now(),
                                    "attempt_count": self.attempt_count + 1,
                                    "error": False})
        self._commit()
        try:
            records = self._job_records()
            if _testing():  # tests roll back at their end: a savepoint stands for it
                with self.env.cr.savepoint():
                    getattr(records, self.method_name)()
            else:
                getattr(records, self.method_name)()
                self.env.cr.commit()
        except Exception as error:
            if not _testing():
                self.env.cr.rollback()
            self.env.clear()
            self._finish("failed", self._error_message(error))
            return
        self._finish("done")

    def _job_records(self):
        """The job's record, as the user who queued the job, in her context."""
        record = self._record()
        if not record:
            raise MissingError(_("The record of the job no longer exists."))
        context = dict(json.loads(self.context_json or "{}"))
        return record.sudo(self.user_id.id).with_context(context)

    def _error_message(self, error):
        if isinstance(error, (UserError, ValidationError, AccessError, MissingError)):
            return error.name
        _logger.exception("Background job %s (%s) failed", self.id, self.name)
        return _("Unexpected error: %s") % error

    def _finish(self, state, error=False):
        self._set_state(state, {"date_finished": fields.Datetime.now(), "error": error})
        record = self._record()
        if error and record:
            if hasattr(record, "_background_job_failed"):
                record._background_job_failed(self)
            if hasattr(record, "message_post"):
                record.message_post(body=_("The background job \"%(job)s\" failed: "
                                           "%(error)s") % {"job": self.name, "error": error})
        self._commit()

    def _commit(self):
        if not _testing():
            self.env.cr.commit()

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_requeue(self):
        """Queue a failed or cancelled job again, with its attempts counted anew."""
        self._check_administrator()
        active = self.filtered(lambda job: job.state in ACTIVE_STATES + ("done",))
        if active:
            raise UserError(_("Only failed or cancelled jobs can be queued again: %s.")
                            % ", ".join(active.mapped("name")))
        self._set_state("queued", {"attempt_count": 0, "error": False,
                                   "date_started": False, "date_finished": False})
        return True

    @api.multi
    def action_cancel(self):
        """Take queued jobs off the queue; a running job cannot be stopped."""
        self._check_administrator()
        not_queued = self.filtered(lambda job: job.state != "queued")
        if not_queued:
            raise UserError(_("Only queued jobs can be cancelled: %s.")
                            % ", ".join(not_queued.mapped("name")))
        self._set_state("cancelled", {"date_finished": fields.Datetime.now()})
        for job in self:
            record = job._record()
            if record and hasattr(record, "_background_job_failed"):
                record._background_job_failed(job)
        return True

    @api.multi
    def action_open_record(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self.model_name,
            "res_id": self.res_id,
            "view_mode": "form",
            "target": "current",
        }

    def _check_administrator(self):
        if not self.env.user.has_group("base.group_system"):
            raise AccessError(_("Only administrators queue or cancel background jobs."))
