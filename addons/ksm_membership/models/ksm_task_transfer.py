from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date


class KsmTaskTransfer(models.Model):
    """A task a Träger transferred to KSM, from when to when, and by which resolution."""

    _name = "ksm.task.transfer"
    _description = "Task transfer"
    _inherit = ["mail.thread"]
    _order = "partner_id, date_from desc, id desc"

    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    task_id = fields.Many2one(
        "ksm.task", string="Task", required=True, ondelete="restrict",
        track_visibility="onchange")
    date_from = fields.Date(string="From", required=True, track_visibility="onchange")
    date_to = fields.Date(string="Until", track_visibility="onchange",
                          help="Empty while the task stays with KSM.")
    resolution_id = fields.Many2one(
        "ksm.resolution", string="Resolution", ondelete="restrict",
        track_visibility="onchange", help="The Träger's resolution to transfer the task.")
    note = fields.Text()

    _sql_constraints = [
        ("date_to_after_date_from", "CHECK(date_to IS NULL OR date_to >= date_from)",
         "A task transfer cannot end before it starts."),
    ]

    @api.multi
    def name_get(self):
        return [(transfer.id, "%s: %s" % (transfer.partner_id.name, transfer.task_id.name))
                for transfer in self]

    @api.constrains("partner_id", "resolution_id")
    def _check_resolution_of_traeger(self):
        for transfer in self.filtered("resolution_id"):
            if transfer.resolution_id.partner_id != transfer.partner_id:
                raise ValidationError(_(
                    "Resolution %s was taken by %s, not by %s.") % (
                    transfer.resolution_id.name, transfer.resolution_id.partner_id.name,
                    transfer.partner_id.name))

    @api.constrains("partner_id", "task_id", "date_from", "date_to")
    def _check_no_overlap(self):
        for transfer in self:
            domain = [("id", "!=", transfer.id),
                      ("partner_id", "=", transfer.partner_id.id),
                      ("task_id", "=", transfer.task_id.id),
                      "|", ("date_to", "=", False), ("date_to", ">=", transfer.date_from)]
            if transfer.date_to:
                domain.append(("date_from", "<=", transfer.date_to))
            overlapping = self.search(domain, limit=1)
            if overlapping:
                raise ValidationError(_(
                    "%s already transferred \"%s\" to KSM from %s.") % (
                    transfer.partner_id.name, transfer.task_id.name,
                    format_date(self.env, overlapping.date_from)))
