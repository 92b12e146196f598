from odoo import api, fields, models


class ResPartner(models.Model):
    """A Träger has its schools; school staff are contacts of their school's contact
    (see ``ksm.school``)."""

    _inherit = "res.partner"

    ksm_school_ids = fields.One2many("ksm.school", "partner_id", string="Schools",
                                     help="The schools whose Schulträger this Träger is.")
    ksm_school_count = fields.Integer(string="Number of schools",
                                      compute="_compute_ksm_school_count")
    ksm_school_record_ids = fields.One2many(
        "ksm.school", "school_partner_id", string="School records",
        help="The school this contact stands for (technical).")
    ksm_school_id = fields.Many2one(
        "ksm.school", string="School", compute="_compute_ksm_school_id", store=True,
        index=True,
        help="The school this contact belongs to: the school itself or a member of its "
             "staff.")

    @api.depends("ksm_school_ids")
    def _compute_ksm_school_count(self):
        for partner in self:
            partner.ksm_school_count = len(partner.ksm_school_ids)

    @api.depends("commercial_partner_id", "commercial_partner_id.ksm_school_record_ids")
    def _compute_ksm_school_id(self):
        # sudo: anybody who may edit contacts may learn which school a contact belongs to
        for partner in self:
            schools = partner.sudo().commercial_partner_id.ksm_school_record_ids
            partner.ksm_school_id = schools[:1].id

    @api.multi
    def action_view_ksm_schools(self):
        self.ensure_one()
        action = self.env.ref("ksm_schul_it.ksm_school_action").read()[0]
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
