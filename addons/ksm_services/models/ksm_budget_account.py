import re

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from .product_template import BUDGET_TYPES, SERVICE_CATEGORIES, budget_type_of_category

# product and account number, e.g. 11101.5612000 (MV's Produktsachkonto)
PRODUCT_ACCOUNT_CODE = re.compile(r"^\d{3,6}[.\-]\d{2,8}$")


class KsmBudgetAccount(models.Model):
    """The Träger's budget account (Produktsachkonto) for a category of services.

    The council annex of a service sheet names, for every category and budget type on
    the sheet, the account in which the Träger plans the money.
    """

    _name = "ksm.budget.account"
    _description = "Budget account of a Träger (Produktsachkonto)"
    _order = "partner_id, category, budget_type"
    _rec_name = "code"

    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="cascade",
        domain=[("ksm_is_traeger", "=", True)])
    category = fields.Selection(SERVICE_CATEGORIES, string="Service category", required=True)
    budget_type = fields.Selection(BUDGET_TYPES, string="Budget type", required=True)
    code = fields.Char(
        string="Product account", required=True,
        help="Produktsachkonto of the Träger's budget, e.g. 11101.5612000.")
    description = fields.Char(help="What the account stands for in the Träger's budget.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("partner_category_budget_unique", "unique(partner_id, category, budget_type)",
         "A Träger has one product account per service category and budget type."),
    ]

    @api.model
    def create(self, vals):
        if vals.get("category") and not vals.get("budget_type"):
            vals = dict(vals, budget_type=budget_type_of_category(vals["category"]))
        return super(KsmBudgetAccount, self).create(vals)

    @api.onchange("category")
    def _onchange_category(self):
        if self.category:
            self.budget_type = budget_type_of_category(self.category)

    @api.constrains("code")
    def _check_code(self):
        for account in self:
            if not PRODUCT_ACCOUNT_CODE.match(account.code.strip()):
                raise ValidationError(_(
                    "The product account %s is not valid: write the product number and the "
                    "account number separated by a dot, e.g. 11101.5612000.") % account.code)

    @api.multi
    def name_get(self):
        return [(account.id, " ".join(filter(None, [account.code, account.description])))
                for account in self]
