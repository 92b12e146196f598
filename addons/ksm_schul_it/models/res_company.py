from odoo import fields, models


class ResCompany(models.Model):
    """The rule replacement planning follows: the service life of devices, and the
    catalogue service it proposes for devices without a replacement service of their
    own."""

    _inherit = "res.company"

    ksm_device_replacement_years = fields.Integer(
        string="Device service life (years)", default=6, required=True,
        help="Devices older than this are due for replacement (6 years by the rule of "
             "the Lübtheen resolution).")
    ksm_device_replacement_product_id = fields.Many2one(
        "product.product", string="Default replacement service", ondelete="restrict",
        domain=[("ksm_is_catalogue", "=", True), ("ksm_budget_type", "=", "investment")],
        help="Proposed in next year's service sheet for a device due for replacement "
             "that names no replacement service of its own, at the device's "
             "replacement cost.")

    _sql_constraints = [
        ("ksm_device_replacement_years_positive", "CHECK(ksm_device_replacement_years > 0)",
         "The service life of devices must be at least one year."),
    ]
