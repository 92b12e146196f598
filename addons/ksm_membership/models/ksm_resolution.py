from odoo import fields, models

from .res_partner import COUNCIL_BODIES


class KsmResolution(models.Model):
    """A council resolution (Beschluss): who decided what, when."""

    _name = "ksm.resolution"
    _description = "Council resolution"
    _inherit = ["mail.thread"]
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
