from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..tools import DEFAULT_TZ, ags_problem, leitweg_id_problem

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

# the roles of a Träger's contacts: what each may do in the portal follows from them, so
# only KSM managers change them, and every change is tracked on the contact
ROLE_FIELDS = ("ksm_role_signatory", "ksm_role_finance", "ksm_role_it")


class ResPartner(models.Model):
    """A Träger is a company partner; its people are its contacts, with their roles."""

    _inherit = "res.partner"

    # one time zone for every date and time a user reads (portal, back office, PDFs)
    tz = fields.Selection(default=lambda self: self.env.context.get("tz") or DEFAULT_TZ)

    ksm_is_traeger = fields.Boolean(
        string="Träger", help="A public body that owns (or is joining) KSM.")
    ksm_traeger_kind = fields.Selection(TRAEGER_KINDS, string="Kind of Träger")
    ksm_ags = fields.Char(
        string="Municipality key (AGS)", size=8,
        help="Amtlicher Gemeindeschlüssel, 8 digits (e.g. 13076088).")
    ksm_leitweg_id = fields.Char(
        string="Leitweg-ID",
        help="Routing id of the public buyer for e-invoices (XRechnung BT-10), "
             "e.g. 04011000-12345-03.")
    ksm_council_body = fields.Selection(COUNCIL_BODIES, string="Council body")
    # roles of a Träger's contact (a person, usually a portal user)
    ksm_role_signatory = fields.Boolean(
        string="Signatory", track_visibility="onchange",
        help="Signs and accepts service sheets, approves order calls (mayor or authorised "
             "person).")
    ksm_role_finance = fields.Boolean(
        string="Finance", track_visibility="onchange",
        help="Receives invoices, reports quantities.")
    ksm_role_it = fields.Boolean(string="IT contact", track_visibility="onchange")
    ksm_may_change_roles = fields.Boolean(
        string="May change roles", compute="_compute_ksm_may_change_roles",
        help="Whether the current user may give or take the roles (KSM managers): the "
             "forms show the roles read-only to everybody else.")
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

    @api.model
    def create(self, vals):
        if any(vals.get(field) for field in ROLE_FIELDS):
            self._ksm_check_may_change_roles()
        return super(ResPartner, self).create(vals)

    @api.multi
    def write(self, vals):
        if any(field in vals and any(bool(partner[field]) != bool(vals[field])
                                     for partner in self) for field in ROLE_FIELDS):
            self._ksm_check_may_change_roles()
        return super(ResPartner, self).write(vals)

    def _compute_ksm_may_change_roles(self):
        may_change = self._ksm_user_may_change_roles()
        for partner in self:
            partner.ksm_may_change_roles = may_change

    @api.model
    def _ksm_user_may_change_roles(self):
        """Only KSM managers give or take a contact's roles."""
        return self.env.uid == SUPERUSER_ID or \
            self.env.user.has_group("ksm_membership.group_ksm_manager")

    @api.model
    def _ksm_check_may_change_roles(self):
        if not self._ksm_user_may_change_roles():
            raise AccessError(_("Only KSM managers may change the roles of a Träger's "
                                "contacts (signatory, finance, IT contact)."))

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

    @api.constrains("ksm_leitweg_id")
    def _check_ksm_leitweg_id(self):
        for partner in self.filtered("ksm_leitweg_id"):
            problem = leitweg_id_problem(partner.ksm_leitweg_id)
            if problem:
                message, arguments = problem
                raise ValidationError(_("The Leitweg-ID %s of %s is not valid: %s.") % (
                    partner.ksm_leitweg_id, partner.display_name, _(message) % arguments))

    @api.constrains("ksm_ags")
    def _check_ksm_ags(self):
        for partner in self.filtered("ksm_ags"):
            problem = ags_problem(partner.ksm_ags)
            if problem:
                message, arguments = problem
                raise ValidationError(_("The municipality key (AGS) %s of %s is not valid: "
                                        "%s.") % (partner.ksm_ags, partner.display_name,
                                                  _(message) % arguments))

    @api.multi
    def ksm_traeger(self):
        """The Träger a partner (a Träger or one of its contacts) belongs to."""
        return self.mapped("commercial_partner_id").filtered("ksm_is_traeger")

    @api.model
    def _set_default_time_zone(self):
        """Partners and users without a time zone read times in Europe/Berlin (called
        at installation, for the records that exist then)."""
        self.with_context(active_test=False).search([("tz", "=", False)]).write(
            {"tz": DEFAULT_TZ})
        return True
