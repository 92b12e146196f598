from odoo import api, fields, models

DOCUMENT_KINDS = [
    ("statute", "Statute (Satzung)"),
    ("contract", "Public-law contract (ÖRV)"),
    ("allocation_rules", "Allocation rules (Regeln zur Umlageermittlung)"),
]


class KsmDocumentVersion(models.Model):
    """A version of one of KSM's founding documents, as the councils resolve on it:
    a clean file and one with the changes tracked against the previous version."""

    _name = "ksm.document.version"
    _description = "Document version"
    _inherit = ["mail.thread"]
    _order = "kind, valid_from desc, id desc"

    name = fields.Char(
        string="Label", required=True, track_visibility="onchange",
        help="As the councils know it, e.g. \"ÖRV 2021 (Entwurf 01.09.2020)\".")
    kind = fields.Selection(DOCUMENT_KINDS, required=True, track_visibility="onchange")
    valid_from = fields.Date(string="Valid from", required=True, track_visibility="onchange")
    file_clean = fields.Binary(string="Clean version", attachment=True)
    file_clean_name = fields.Char(string="File name (clean)")
    file_tracked = fields.Binary(string="Version with tracked changes", attachment=True)
    file_tracked_name = fields.Char(string="File name (tracked changes)")
    note = fields.Text()
    active = fields.Boolean(default=True)
    statute_membership_ids = fields.One2many(
        "ksm.membership", "statute_version_id", string="Memberships (statute)")
    contract_membership_ids = fields.One2many(
        "ksm.membership", "contract_version_id", string="Memberships (contract)")
    allocation_rules_membership_ids = fields.One2many(
        "ksm.membership", "allocation_rules_version_id",
        string="Memberships (allocation rules)")
    membership_count = fields.Integer(
        string="Memberships", compute="_compute_membership_count")

    @api.depends("statute_membership_ids", "contract_membership_ids",
                 "allocation_rules_membership_ids")
    def _compute_membership_count(self):
        for version in self:
            version.membership_count = len(version._accepting_memberships())

    @api.multi
    def _accepting_memberships(self):
        return (self.mapped("statute_membership_ids") | self.mapped("contract_membership_ids")
                | self.mapped("allocation_rules_membership_ids"))

    @api.multi
    def action_view_memberships(self):
        self.ensure_one()
        action = self.env.ref("ksm_membership.action_ksm_membership").read()[0]
        action["domain"] = [("id", "in", self._accepting_memberships().ids)]
        return action
