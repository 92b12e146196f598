from odoo import api, fields, models


class BackgroundJobMixin(models.AbstractModel):
    """Records whose long actions run as background jobs (``background.job``)."""

    _name = "background.job.mixin"
    _description = "Records with background jobs"

    background_job_pending = fields.Boolean(
        string="Job pending", compute="_compute_background_job_pending",
        help="A background job of the record is queued or running.")

    def _compute_background_job_pending(self):
        pending = set(self.env["background.job"]._active_jobs(self).mapped("res_id"))
        for record in self:
            record.background_job_pending = record.id in pending

    @api.multi
    def _enqueue_background_job(self, method_name, description):
        """Queue ``method_name`` for each record (once: a record with this method
        queued or running gets no second job); returns the jobs."""
        return self.env["background.job"]._enqueue(self, method_name, description)

    @api.multi
    def _background_jobs(self, method_name=None):
        """The queued or running jobs of the records (as superuser)."""
        return self.env["background.job"]._active_jobs(self, method_name)

    def _background_job_failed(self, job):
        """Hook: ``job`` of the record failed (its error is on the job) or was
        cancelled; e.g. put the record back into a state from which it can be started
        again."""
