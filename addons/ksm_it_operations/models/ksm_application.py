from odoo import api, fields, models

APPLICATION_AREAS = [
    ("residents", "Residents registration"),
    ("civil_status", "Civil status"),
    ("finance", "Finance and budget"),
    ("tax", "Local taxes"),
    ("trade", "Trade register"),
    ("building", "Building and planning"),
    ("dms", "Document management / e-file"),
    ("council", "Council information system"),
    ("personnel", "Personnel and payroll"),
    ("gis", "Geographic information system"),
    ("other", "Other"),
]
OPERATORS = [
    ("traeger", "Träger"),
    ("ksm", "KSM"),
    ("vendor", "Vendor (hosted)"),
]
HARMONISATION = [
    ("review", "To be reviewed"),
    ("keep", "Keep"),
    ("standard", "KSM standard"),
    ("migrate", "Migrate to the KSM standard"),
    ("retire", "Retire"),
]


class KsmApplication(models.Model):
    """A specialised application (Fachverfahren) a Träger uses.

    The list of all Träger's applications by area and vendor is the basis for
    harmonising them: one application per area, operated by KSM for all.
    """

    _name = "ksm.application"
    _description = "Specialised application"
    _inherit = ["mail.thread"]
    _order = "partner_id, area, name"

    name = fields.Char(string="Application", required=True, track_visibility="onchange",
                       help="The product, e.g. VOIS|MESO.")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    area = fields.Selection(APPLICATION_AREAS, string="Area", required=True,
                              index=True, track_visibility="onchange")
    vendor_id = fields.Many2one("res.partner", string="Vendor", ondelete="restrict",
                                domain=[("is_company", "=", True)],
                                track_visibility="onchange")
    version = fields.Char(track_visibility="onchange")
    licence_count = fields.Integer(string="Licences", help="Licences or users.")
    operated_by = fields.Selection(OPERATORS, string="Operated by", required=True,
                                   default="traeger", track_visibility="onchange")
    harmonisation = fields.Selection(
        HARMONISATION, string="Harmonisation", required=True, default="review",
        track_visibility="onchange",
        help="What becomes of the application when the Träger's applications are "
             "harmonised.")
    note = fields.Text(string="Notes")
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    maintenance_contract_ids = fields.One2many(
        "ksm.maintenance.contract", "application_id", string="Maintenance contracts")
    yearly_maintenance_cost = fields.Monetary(
        string="Yearly maintenance", compute="_compute_yearly_maintenance_cost",
        help="Yearly cost of the application's maintenance contracts that are not ended.")

    @api.depends("maintenance_contract_ids.yearly_cost", "maintenance_contract_ids.state")
    def _compute_yearly_maintenance_cost(self):
        for application in self:
            contracts = application.maintenance_contract_ids.filtered(
                lambda contract: contract.state != "ended")
            application.yearly_maintenance_cost = sum(contracts.mapped("yearly_cost"))

    @api.multi
    def name_get(self):
        return [(application.id, "%s (%s)" % (application.name, application.partner_id.name))
                for application in self]
