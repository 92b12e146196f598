from odoo import api, fields, models


class ResPartner(models.Model):
    """School staff are contacts of their school's contact (see ``ksm.school``)."""

    _inherit = "res.partner"

    ksm_school_ids = fields.One2many("ksm.school", "school_partner_id",
                                     string="School records")
    ksm_school_id = fields.Many2one(
        "ksm.school", string="School", compute="_compute_ksm_school_id", store=True,
        index=True,
        help="The school this contact belongs to: the school itself or a member of its "
             "staff.")

    @api.depends("commercial_partner_id", "commercial_partner_id.ksm_school_ids")
    def _compute_ksm_school_id(self):
        # sudo: anybody who may edit contacts may learn which school a contact belongs to
        for partner in self:
            schools = partner.sudo().commercial_partner_id.ksm_school_ids
            partner.ksm_school_id = schools[:1].id
