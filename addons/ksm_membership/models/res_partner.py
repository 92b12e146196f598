from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import ags_problem

TRAEGER_KINDS = [
    ("landkreis", "County (Landkreis)"),
    ("kreisfreie_stadt", "State capital / county-free city"),
    ("stadt", "Town (Stadt)"),
    ("amt", "Amt"),
    ("gemeinde", "Municipality (Gemeinde)"),
    ("zweckverband", "Special-purpose association (Zweckverband)"),
    ("sonstige", "Other public body"),
]

COUNCIL_BODIES = [
    ("kreistag", "Kreistag"),
    ("stadtvertretung", "Stadtvertretung"),
    ("buergerschaft", "Stadtvertretung (Landeshauptstadt)"),
    ("gemeindevertretung", "Gemeindevertretung"),
    ("amtsausschuss", "Amtsausschuss"),
    ("verbandsversammlung", "Verbandsversammlung"),
    ("verwaltungsrat", "Verwaltungsrat der KSM"),
]

MEMBERSHIP_STATES = [
    ("candidate", "Candidate"),
    ("resolved", "Resolved"),
    ("contracted", "Contracted"),
    ("active", "Active"),
    ("left", "Left"),
]

class ResPartner(models.Model):
    """A Träger's membership data: kind, municipality key, council body, memberships,
    resolutions and transferred tasks. Its Leitweg-ID is ``leitweg_id`` of
    l10n_de_xrechnung."""

    _inherit = "res.partner"

    ksm_traeger_kind = fields.Selection(TRAEGER_KINDS, string="Kind of Träger")
    ksm_ags = fields.Char(
        string="Municipality key (AGS)", size=8,
        help="Amtlicher Gemeindeschlüssel, 8 digits (e.g. 13076088).")
    ksm_council_body = fields.Selection(COUNCIL_BODIES, string="Council body")
    ksm_membership_ids = fields.One2many(
        "ksm.membership", "partner_id", string="Memberships")
    ksm_membership_state = fields.Selection(
        MEMBERSHIP_STATES, string="Membership state", compute="_compute_ksm_membership_state",
        store=True, help="State of the Träger's current membership: the open one, "
                         "else the last one that ended.")
    ksm_resolution_ids = fields.One2many(
        "ksm.resolution", "partner_id", string="Resolutions")
    ksm_task_transfer_ids = fields.One2many(
        "ksm.task.transfer", "partner_id", string="Transferred tasks")

    @api.depends("ksm_membership_ids.state", "ksm_membership_ids.date_start")
    def _compute_ksm_membership_state(self):
        for partner in self:
            partner.ksm_membership_state = partner._ksm_current_membership().state

    @api.multi
    def _ksm_current_membership(self):
        """The open membership of a Träger, else the one that ended last."""
        self.ensure_one()
        memberships = self.ksm_membership_ids.sorted(
            lambda m: (m.state != "left", m.date_start or ""), reverse=True)
        return memberships[:1]

    @api.constrains("ksm_ags")
    def _check_ksm_ags(self):
        for partner in self.filtered("ksm_ags"):
            problem = ags_problem(partner.ksm_ags)
            if problem:
                message, arguments = problem
                raise ValidationError(_("The municipality key (AGS) %s of %s is not valid: "
                                        "%s.") % (partner.ksm_ags, partner.display_name,
                                                  _(message) % arguments))
