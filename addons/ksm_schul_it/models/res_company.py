from odoo import fields, models


class ResCompany(models.Model):
    """The catalogue service that replacement planning proposes for devices without a
    replacement service of their own."""

    _inherit = "res.company"

    ksm_device_replacement_product_id = fields.Many2one(
        "product.product", string="Default replacement service", ondelete="restrict",
        domain=[("ksm_is_catalogue", "=", True), ("ksm_budget_type", "=", "investment")],
        help="Proposed in next year's service sheet for a device due for replacement "
             "that names no replacement service of its own, at the device's "
             "replacement cost.")
