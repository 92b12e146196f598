from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError

from ..tools import DEFAULT_TZ

# the roles of a Träger's contacts: what each may do in the portal follows from them, so
# only KSM managers change them, and every change is tracked on the contact
ROLE_FIELDS = ("ksm_role_signatory", "ksm_role_finance", "ksm_role_it")

# What a Träger's staff may do in the portal, and the roles that allow it. Actions
# without roles are open to all staff of the Träger; roles do not restrict contacts of
# other customers. (Quantity reports: ksm.quantity.report._may_report_quantities.)
PORTAL_ACTION_ROLES = {
    "tickets": (),
    "accept_sheets": ("ksm_role_signatory",),
    "approve_calls": ("ksm_role_signatory",),
    "invoices": ("ksm_role_finance", "ksm_role_signatory"),
}


class ResPartner(models.Model):
    """A Träger is a company partner; its people are its contacts, with their roles.

    The one definition of "the Träger of a contact" is :meth:`ksm_traeger`, of what a
    contact may do in the portal :meth:`ksm_portal_may`.
    """

    _inherit = "res.partner"

    # one time zone for every date and time a user reads (portal, back office, PDFs)
    tz = fields.Selection(default=lambda self: self.env.context.get("tz") or DEFAULT_TZ)

    ksm_is_traeger = fields.Boolean(
        string="Träger", help="A public body that owns (or is joining) KSM.")
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
    ksm_contact_ids = fields.One2many(
        "res.partner", "parent_id", string="Contacts and roles",
        domain=[("is_company", "=", False), ("type", "=", "contact")],
        help="The Träger's people and their roles in the portal.")
    ksm_has_portal_access = fields.Boolean(
        string="Portal access", compute="_compute_ksm_has_portal_access",
        help="The contact logs in to the portal (granted with Action › Grant portal "
             "access).")

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
        result = super(ResPartner, self).write(vals)
        if any(field in vals for field in ROLE_FIELDS):
            # portal record rules (invoices, true-ups) depend on the roles
            self.env["ir.rule"].clear_caches()
        return result

    def _compute_ksm_may_change_roles(self):
        may_change = self._ksm_user_may_change_roles()
        for partner in self:
            partner.ksm_may_change_roles = may_change

    @api.depends("user_ids")
    def _compute_ksm_has_portal_access(self):
        portal = self.env.ref("base.group_portal")
        for partner in self:
            partner.ksm_has_portal_access = any(
                portal in user.groups_id for user in partner.sudo().user_ids)

    @api.model
    def _ksm_user_may_change_roles(self):
        """Only KSM managers give or take a contact's roles."""
        return self.env.uid == SUPERUSER_ID or \
            self.env.user.has_group("ksm_base.group_ksm_manager")

    @api.model
    def _ksm_check_may_change_roles(self):
        if not self._ksm_user_may_change_roles():
            raise AccessError(_("Only KSM managers may change the roles of a Träger's "
                                "contacts (signatory, finance, IT contact)."))

    @api.multi
    def ksm_traeger(self):
        """The Träger each partner belongs to: itself, or its nearest parent that is a
        Träger (a school's staff belong to the school's Träger); empty for partners of
        no Träger. Read as superuser: a contact may not read its parents."""
        traeger = self.browse()
        for partner in self.sudo():
            while partner and not partner.ksm_is_traeger:
                partner = partner.parent_id
            traeger |= self.browse(partner.ids)
        return traeger

    @api.multi
    def ksm_acting_for_traeger(self):
        """The Träger whose portal pages the contact sees: its company, if that is a
        Träger. A school's staff act for their school (its own company), not for the
        school's Träger, although they belong to it (see ksm_traeger)."""
        return self.mapped("commercial_partner_id").filtered("ksm_is_traeger")

    @api.multi
    def ksm_portal_may(self, action):
        """Whether the contact may do ``action`` (see PORTAL_ACTION_ROLES) in the portal."""
        self.ensure_one()
        roles = PORTAL_ACTION_ROLES[action]
        if not roles or not self.ksm_traeger():
            return True
        return any(self[role] for role in roles)

    @api.model
    def _set_default_time_zone(self):
        """Partners and users without a time zone read times in Europe/Berlin (called
        at installation, for the records that exist then)."""
        self.with_context(active_test=False).search([("tz", "=", False)]).write(
            {"tz": DEFAULT_TZ})
        return True
