from odoo import api, fields, models
from odoo.osv import expression

from .res_partner import COUNCIL_BODIES


class KsmResolution(models.Model):
    """A council resolution (Beschluss): who decided what, when.

    What a resolution decides points back to it: a joining or leaving (ksm.membership),
    a consent to another Träger joining (ksm.consent), a task transfer
    (ksm.task.transfer); other modules add theirs (e.g. service sheets).
    """

    _name = "ksm.resolution"
    _description = "Council resolution"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"

    name = fields.Char(string="Number", required=True, track_visibility="onchange",
                       help="The resolution's number, e.g. SV-2020/123.")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange",
        help="The Träger whose council decided (or KSM itself for its own board).")
    body = fields.Selection(COUNCIL_BODIES, string="Body", required=True,
                            track_visibility="onchange")
    date = fields.Date(required=True, track_visibility="onchange")
    subject = fields.Char(required=True, track_visibility="onchange")
    decision_points = fields.Html(string="Decision points")
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    company_id = fields.Many2one("res.company", default=lambda self: self.env.user.company_id)
    joining_membership_ids = fields.One2many(
        "ksm.membership", "resolution_id", string="Joinings decided")
    leaving_membership_ids = fields.One2many(
        "ksm.membership", "leave_resolution_id", string="Leavings decided")
    consent_ids = fields.One2many(
        "ksm.consent", "resolution_id", string="Consents decided",
        groups="ksm_base.group_ksm_user")
    task_transfer_ids = fields.One2many(
        "ksm.task.transfer", "resolution_id", string="Task transfers decided")

    _sql_constraints = [
        ("number_unique", "unique(partner_id, body, name)",
         "A council's resolution numbers are unique."),
    ]

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.partner_id.ksm_council_body:
            self.body = self.partner_id.ksm_council_body

    @api.multi
    def name_get(self):
        return [(resolution.id, "%s – %s" % (resolution.name, resolution.subject))
                for resolution in self]

    @api.model
    def _name_search(self, name, args=None, operator="ilike", limit=100, name_get_uid=None):
        """Find a resolution by its number or its subject."""
        args = list(args or [])
        if name:
            connector = "&" if operator in expression.NEGATIVE_TERM_OPERATORS else "|"
            args = [connector, ("name", operator, name), ("subject", operator, name)] + args
        uid = name_get_uid or self._uid
        return self.browse(self._search(args, limit=limit, access_rights_uid=uid)).sudo(
            uid).name_get()
