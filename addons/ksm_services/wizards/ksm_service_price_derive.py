from odoo import _, api, fields, models
from odoo.exceptions import UserError


class KsmServicePriceDerive(models.TransientModel):
    """Derive next year's catalogue prices from this year's by a percentage."""

    _name = "ksm.service.price.derive"
    _description = "Derive the prices of the following year"

    year = fields.Integer(
        string="From the prices of", required=True,
        default=lambda self: int(fields.Date.context_today(self)[:4]))
    percentage = fields.Float(
        string="Change in %", required=True, digits=(5, 2),
        help="E.g. 2.5 for 2.5 % more, -1 for 1 % less. Prices are rounded to the cent.")
    product_tmpl_ids = fields.Many2many(
        "product.template", string="Services", domain=[("ksm_is_catalogue", "=", True)],
        help="Leave empty for every catalogue service with a price in the year.")
    overwrite = fields.Boolean(
        string="Overwrite existing prices",
        help="Replace prices of the following year that were already entered.")

    @api.multi
    def action_derive(self):
        self.ensure_one()
        if self.percentage <= -100:
            raise UserError(_("A price cannot fall by 100 % or more."))
        Price = self.env["ksm.service.price"]
        domain = [("year", "=", self.year), ("product_tmpl_id.ksm_is_catalogue", "=", True),
                  ("product_tmpl_id.ksm_individual_price", "=", False)]
        if self.product_tmpl_ids:
            domain.append(("product_tmpl_id", "in", self.product_tmpl_ids.ids))
        prices = Price.search(domain)
        if not prices:
            raise UserError(_("There are no catalogue prices for %s to derive from.")
                            % self.year)
        next_year = self.year + 1
        for price in prices:
            values = {"price": price.currency_id.round(
                price.price * (1 + self.percentage / 100.0))}
            existing = price.product_tmpl_id.ksm_price_for_year(next_year)
            if not existing:
                Price.create(dict(values, product_tmpl_id=price.product_tmpl_id.id,
                                  year=next_year, currency_id=price.currency_id.id))
            elif self.overwrite:
                existing.write(values)
        action = self.env.ref("ksm_services.action_ksm_service_price").read()[0]
        action["domain"] = [("year", "=", next_year)]
        action["context"] = {"default_year": next_year}
        return action
