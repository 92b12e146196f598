from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    ksm_service_sheet_ids = fields.One2many(
        "ksm.service.sheet", "partner_id", string="Service sheets")
    ksm_service_sheet_count = fields.Integer(
        string="Number of service sheets", compute="_compute_ksm_service_sheet_count")
    ksm_budget_account_ids = fields.One2many(
        "ksm.budget.account", "partner_id", string="Product accounts",
        help="The Träger's product accounts (Produktsachkonten) per service category, "
             "printed in the council annex of its service sheets.")

    @api.depends("ksm_service_sheet_ids")
    def _compute_ksm_service_sheet_count(self):
        for partner in self:
            partner.ksm_service_sheet_count = len(partner.ksm_service_sheet_ids)

    @api.multi
    def action_view_ksm_service_sheets(self):
        self.ensure_one()
        action = self.env.ref("ksm_services.action_ksm_service_sheet").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
