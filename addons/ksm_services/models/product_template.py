from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SERVICE_CATEGORIES = [
    ("operation", "Running operation"),
    ("project", "Project service"),
    ("application_maintenance", "Maintenance of specialised applications"),
    ("school_it", "School IT"),
    ("investment", "Investment"),
    ("order_budget", "Order budget"),
]
BILLING_RHYTHMS = [
    ("yearly", "Yearly"),
    ("quarterly", "Quarterly"),
    ("monthly", "Monthly"),
    ("once", "Once"),
]
BUDGET_TYPES = [
    ("expense", "Expense (Ergebnishaushalt)"),
    ("investment", "Investment (Finanzhaushalt)"),
]


def budget_type_of_category(category):
    """The budget a category is planned in unless a service says otherwise."""
    return "investment" if category == "investment" else "expense"


class ProductTemplate(models.Model):
    """A service of KSM's price and service catalogue (Preis- und Leistungsverzeichnis)."""

    _inherit = "product.template"

    ksm_is_catalogue = fields.Boolean(
        string="KSM catalogue service",
        help="The service is part of KSM's price and service catalogue and can be put "
             "on service sheets.")
    ksm_category = fields.Selection(SERVICE_CATEGORIES, string="Service category")
    ksm_billing_rhythm = fields.Selection(
        BILLING_RHYTHMS, string="Billing rhythm", default="yearly",
        help="How often the service is invoiced. Prices are per unit and year, or per "
             "unit for one-time services.")
    ksm_budget_type = fields.Selection(
        BUDGET_TYPES, string="Budget type",
        help="Where the Träger plans the service: expenses in the Ergebnishaushalt, "
             "investments in the Finanzhaushalt. Defaults from the category.")
    ksm_individual_price = fields.Boolean(
        string="Individual amount",
        help="The amount is agreed per service sheet (e.g. order budget, investment "
             "reserve, project share); the catalogue has no yearly price for it.")
    ksm_is_reserve = fields.Boolean(
        string="Investment reserve",
        help="Planned in the service sheet, invoiced only when the Träger calls it.")
    ksm_price_ids = fields.One2many(
        "ksm.service.price", "product_tmpl_id", string="Yearly prices")
    ksm_current_price = fields.Monetary(
        string="Current price", compute="_compute_ksm_current_price",
        currency_field="currency_id",
        help="The price of the current year, or of the latest year before it.")

    @api.depends("ksm_price_ids.year", "ksm_price_ids.price")
    def _compute_ksm_current_price(self):
        year = int(fields.Date.context_today(self)[:4])
        for template in self:
            prices = template.ksm_price_ids.filtered(lambda price: price.year <= year)
            template.ksm_current_price = prices.sorted("year")[-1:].price

    @api.model
    def create(self, vals):
        if vals.get("ksm_category") and not vals.get("ksm_budget_type"):
            vals = dict(vals, ksm_budget_type=budget_type_of_category(vals["ksm_category"]))
        return super(ProductTemplate, self).create(vals)

    @api.onchange("ksm_category")
    def _onchange_ksm_category(self):
        if self.ksm_category:
            self.ksm_budget_type = budget_type_of_category(self.ksm_category)

    @api.constrains("ksm_is_catalogue", "ksm_category", "ksm_budget_type")
    def _check_ksm_catalogue(self):
        for template in self.filtered("ksm_is_catalogue"):
            if not template.ksm_category or not template.ksm_budget_type:
                raise ValidationError(_(
                    "The catalogue service %s needs a service category and a budget "
                    "type.") % template.display_name)

    @api.multi
    def ksm_price_for_year(self, year):
        """The catalogue price (ksm.service.price) of the service in ``year``, if any."""
        self.ensure_one()
        return self.ksm_price_ids.filtered(lambda price: price.year == year)[:1]

    @api.multi
    def _ksm_missing_price_message(self, year):
        self.ensure_one()
        if self.ksm_individual_price:
            return _("Enter the amount of %s: it is agreed per service sheet.") % self.name
        return _("The catalogue has no price for %s in %s. Derive or enter the prices of %s "
                 "first (KSM › Catalogue › Prices).") % (self.name, year, year)
