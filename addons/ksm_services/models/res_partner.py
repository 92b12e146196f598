from odoo import api, fields, models
from odoo.addons.ksm_membership.models.res_partner import ROLE_FIELDS

# What a Träger's staff may do in the portal, and the roles that allow it. Actions
# without roles are open to all staff of the Träger; roles do not restrict contacts of
# other customers. (Quantity reports: ksm.quantity.report._may_report_quantities.)
PORTAL_ACTION_ROLES = {
    "tickets": (),
    "accept_sheets": ("ksm_role_signatory",),
    "approve_calls": ("ksm_role_signatory",),
    "invoices": ("ksm_role_finance", "ksm_role_signatory"),
}

EINVOICE_FORMATS = [
    ("xrechnung_cii", "XRechnung (XML)"),
    ("facturx_pdf", "Factur-X / ZUGFeRD (PDF with embedded XML)"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    ksm_einvoice_format = fields.Selection(
        EINVOICE_FORMATS, string="E-invoice format", default="xrechnung_cii",
        help="How a public buyer receives its e-invoices: as XRechnung XML file next "
             "to the PDF, or as one Factur-X PDF with the XRechnung embedded. The XML "
             "file stays downloadable either way.")
    ksm_service_sheet_ids = fields.One2many(
        "ksm.service.sheet", "partner_id", string="Service sheets")
    ksm_service_sheet_count = fields.Integer(
        string="Number of service sheets", compute="_compute_ksm_service_sheet_count")
    ksm_application_count = fields.Integer(
        string="Number of specialised applications", compute="_compute_ksm_inventory_counts")
    ksm_maintenance_contract_count = fields.Integer(
        string="Number of maintenance contracts", compute="_compute_ksm_inventory_counts")
    ksm_budget_account_ids = fields.One2many(
        "ksm.budget.account", "partner_id", string="Product accounts",
        help="The Träger's product accounts (Produktsachkonten) per service category, "
             "printed in the council annex of its service sheets.")

    ksm_contact_ids = fields.One2many(
        "res.partner", "parent_id", string="Contacts and roles",
        domain=[("is_company", "=", False), ("type", "=", "contact")],
        help="The Träger's people and their roles in the portal.")
    ksm_has_portal_access = fields.Boolean(
        string="Portal access", compute="_compute_ksm_has_portal_access",
        help="The contact logs in to the portal (granted with Action › Grant portal "
             "access).")

    @api.depends("user_ids")
    def _compute_ksm_has_portal_access(self):
        portal = self.env.ref("base.group_portal")
        for partner in self:
            partner.ksm_has_portal_access = any(
                portal in user.groups_id for user in partner.sudo().user_ids)

    @api.multi
    def write(self, vals):
        result = super(ResPartner, self).write(vals)
        if any(field in vals for field in ROLE_FIELDS):
            # the portal record rules of invoices depend on the roles
            self.env["ir.rule"].clear_caches()
        return result

    @api.multi
    def _ksm_get_traeger(self):
        """The Träger a partner belongs to: itself, or its nearest parent that is a Träger
        (a school's staff belong to the school's Träger); empty if none."""
        partner = self[:1].sudo()
        while partner and not partner.ksm_is_traeger:
            partner = partner.parent_id
        return self.browse(partner.ids)

    @api.multi
    def ksm_portal_may(self, action):
        """Whether the contact may do ``action`` (see PORTAL_ACTION_ROLES) in the portal."""
        self.ensure_one()
        roles = PORTAL_ACTION_ROLES[action]
        if not roles or not self._ksm_get_traeger():
            return True
        return any(self[role] for role in roles)

    @api.depends("ksm_service_sheet_ids")
    def _compute_ksm_service_sheet_count(self):
        for partner in self:
            partner.ksm_service_sheet_count = len(partner.ksm_service_sheet_ids)

    def _compute_ksm_inventory_counts(self):
        """The counts on the Träger's smart buttons (for those who may read the lists)."""
        for field, model in (("ksm_application_count", "ksm.application"),
                             ("ksm_maintenance_contract_count", "ksm.maintenance.contract")):
            Model = self.env[model]
            counts = {}
            if Model.check_access_rights("read", raise_exception=False):
                counts = {group["partner_id"][0]: group["partner_id_count"]
                          for group in Model.read_group([("partner_id", "in", self.ids)],
                                                        ["partner_id"], ["partner_id"])}
            for partner in self:
                partner[field] = counts.get(partner.id, 0)

    @api.multi
    def action_view_ksm_service_sheets(self):
        self.ensure_one()
        action = self.env.ref("ksm_services.action_ksm_service_sheet").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
