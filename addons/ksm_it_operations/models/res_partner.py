from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ksm_application_count = fields.Integer(
        string="Number of specialised applications", compute="_compute_ksm_inventory_counts")
    ksm_maintenance_contract_count = fields.Integer(
        string="Number of maintenance contracts", compute="_compute_ksm_inventory_counts")

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
