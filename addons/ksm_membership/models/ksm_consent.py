from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .ksm_membership import JOINING_STATES

CONSENT_STATES = [
    ("pending", "Pending"),
    ("given", "Given"),
    ("refused", "Refused"),
]


class KsmConsent(models.Model):
    """A Träger's consent to another Träger joining KSM: one line of the consent
    matrix of a membership, decided by the consenting Träger's council."""

    _name = "ksm.consent"
    _description = "Consent to a joining"
    _inherit = ["state.guard.mixin"]
    _order = "membership_id, partner_id"

    membership_id = fields.Many2one(
        "ksm.membership", string="Joining", required=True, index=True, ondelete="cascade")
    joining_partner_id = fields.Many2one(
        related="membership_id.partner_id", string="Joining Träger", store=True,
        readonly=True)
    partner_id = fields.Many2one(
        "res.partner", string="Consenting Träger", required=True, index=True,
        ondelete="restrict", domain=[("ksm_is_traeger", "=", True)])
    resolution_id = fields.Many2one(
        "ksm.resolution", string="Resolution", ondelete="restrict",
        help="The consenting Träger's resolution, e.g. Lübtheen's point 3 consents to "
             "Wittenburg, Parchim and Lübz joining.")
    date = fields.Date(related="resolution_id.date", readonly=True)
    state = fields.Selection(CONSENT_STATES, required=True, default="pending", readonly=True)

    _sql_constraints = [
        ("partner_unique", "unique(membership_id, partner_id)",
         "A Träger consents to a joining only once."),
    ]

    @api.constrains("partner_id", "resolution_id", "state", "membership_id")
    def _check_resolution(self):
        for consent in self:
            if consent.partner_id == consent.membership_id.partner_id:
                raise ValidationError(_("%s cannot consent to its own joining.")
                                      % consent.partner_id.name)
            if consent.state != "pending" and not consent.resolution_id:
                raise ValidationError(_("The consent of %s needs the resolution that "
                                        "decided it.") % consent.partner_id.name)
            if consent.resolution_id and consent.resolution_id.partner_id != consent.partner_id:
                raise ValidationError(_(
                    "Resolution %s was taken by %s, not by the consenting Träger %s.") % (
                    consent.resolution_id.name, consent.resolution_id.partner_id.name,
                    consent.partner_id.name))

    # ---------------------------------------------------------------- decisions

    @api.multi
    def _decide(self, state):
        """Record the consenting council's decision, taken by its resolution."""
        for consent in self:
            if consent.membership_id.state not in JOINING_STATES:
                raise UserError(_(
                    "The joining of %s is decided: consents to it can no longer be "
                    "changed.") % consent.joining_partner_id.name)
            if state != "pending" and not consent.resolution_id:
                raise UserError(_("The consent of %s needs the resolution that decided "
                                  "it: enter the resolution first.") % consent.partner_id.name)
        values = {} if state != "pending" else {"resolution_id": False}
        self._set_state(state, values)
        return True

    @api.multi
    def action_give(self):
        return self._decide("given")

    @api.multi
    def action_refuse(self):
        return self._decide("refused")

    @api.multi
    def action_reset(self):
        """Back to pending, e.g. when the resolution was entered by mistake."""
        return self._decide("pending")
