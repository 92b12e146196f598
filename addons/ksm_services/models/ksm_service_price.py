from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .product_template import SERVICE_CATEGORIES


class KsmServicePrice(models.Model):
    """The price of one unit of a catalogue service in one year."""

    _name = "ksm.service.price"
    _description = "Yearly catalogue price"
    _order = "year desc, product_tmpl_id"

    product_tmpl_id = fields.Many2one(
        "product.template", string="Service", required=True, index=True,
        ondelete="cascade", domain=[("ksm_is_catalogue", "=", True)])
    year = fields.Integer(required=True, index=True)
    price = fields.Monetary(
        string="Price per unit", required=True,
        help="Per unit and year for recurring services, per unit for one-time services.")
    currency_id = fields.Many2one(
        "res.currency", string="Currency", required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    uom_id = fields.Many2one(related="product_tmpl_id.uom_id", readonly=True)
    category = fields.Selection(
        SERVICE_CATEGORIES, related="product_tmpl_id.ksm_category", readonly=True,
        store=True)

    _sql_constraints = [
        ("product_year_unique", "unique(product_tmpl_id, year)",
         "A service has one price per year."),
        ("price_not_negative", "check(price >= 0)", "A price cannot be negative."),
    ]

    @api.constrains("year")
    def _check_year(self):
        for price in self:
            if not 2000 <= price.year <= 2099:
                raise ValidationError(_("The year %s is not a valid budget year (2000 to "
                                        "2099).") % price.year)

    @api.multi
    def name_get(self):
        return [(price.id, "%s %s" % (price.product_tmpl_id.name, price.year))
                for price in self]
