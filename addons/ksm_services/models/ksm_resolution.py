from odoo import fields, models


class KsmResolution(models.Model):
    _inherit = "ksm.resolution"

    service_sheet_ids = fields.One2many(
        "ksm.service.sheet", "resolution_id", string="Service sheets decided")
