from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ksm_services.models.product_template import SERVICE_CATEGORIES


class KsmInvoiceRunCategory(models.Model):
    """How invoice runs invoice the services of a category: tax and income account.

    Services between public bodies at cost are usually not taxable (§ 2b UStG), so every
    category starts with the tax "Not taxable (§ 2b UStG)", whose legal note is printed
    on the invoice. A category that is taxable gets e.g. the 19 % sales tax; the run then
    puts its services on invoices of their own (an e-invoice must not mix them).
    """

    _name = "ksm.invoice.run.category"
    _description = "Invoicing of a service category"
    _order = "company_id, category"
    _rec_name = "category"

    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 ondelete="cascade",
                                 default=lambda self: self.env.user.company_id)
    category = fields.Selection(SERVICE_CATEGORIES, string="Service category",
                                required=True)
    tax_id = fields.Many2one(
        "account.tax", string="Tax", required=True, ondelete="restrict",
        domain="[('type_tax_use', '=', 'sale'), ('company_id', '=', company_id)]",
        help="Not taxable (§ 2b UStG) for services between public bodies at cost; a "
             "sales tax (e.g. 19 %) for taxable services.")
    account_id = fields.Many2one(
        "account.account", string="Income account", ondelete="restrict",
        domain="[('deprecated', '=', False), ('company_id', '=', company_id), "
               "('internal_type', '=', 'other')]",
        help="Leave empty to use the income account of the service, else of its product "
             "category.")

    _sql_constraints = [
        ("company_category_unique", "unique(company_id, category)",
         "Each service category is configured once per company."),
    ]

    @api.constrains("tax_id", "company_id")
    def _check_tax_id(self):
        for setting in self:
            tax = setting.tax_id
            if tax.type_tax_use != "sale" or tax.company_id != setting.company_id:
                raise ValidationError(_(
                    "The tax %s is not a sales tax of %s.") % (
                    tax.name, setting.company_id.name))
            if tax.amount_type != "percent" or tax.price_include:
                raise ValidationError(_(
                    "The tax %s must be a percentage excluded from the price, as "
                    "e-invoices need net prices.") % tax.name)

    @api.constrains("account_id", "tax_id", "company_id")
    def _check_account_id(self):
        for setting in self.filtered("account_id"):
            account = setting.account_id
            if account.company_id != setting.company_id:
                raise ValidationError(_(
                    "The income account %s does not belong to %s.") % (
                    account.display_name, setting.company_id.name))
            if account.tax_ids and setting.tax_id not in account.tax_ids:
                raise ValidationError(_(
                    "The income account %s does not take the tax %s: choose an account "
                    "without default taxes (e.g. 8200 Erlöse) or one made for this tax.")
                    % (account.display_name, setting.tax_id.name))
