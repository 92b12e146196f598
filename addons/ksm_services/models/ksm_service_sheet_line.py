from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from .product_template import BILLING_RHYTHMS, BUDGET_TYPES, SERVICE_CATEGORIES
from .ksm_service_sheet import SHEET_SCOPES, SHEET_STATES

# what may still change on a line of a sheet that left draft: calls of a reserve
RESERVE_CALL_FIELDS = {"reserve_called_amount", "reserve_called_on"}


class KsmServiceSheetLine(models.Model):
    """A service on a service sheet: quantity, unit price and period within the year."""

    _name = "ksm.service.sheet.line"
    _description = "Service sheet line"
    _order = "sheet_id, sequence, id"

    sheet_id = fields.Many2one("ksm.service.sheet", string="Service sheet", required=True,
                               index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product", string="Service", required=True, ondelete="restrict",
        domain=[("ksm_is_catalogue", "=", True)])
    name = fields.Text(string="Description", required=True)
    quantity = fields.Float(default=1.0, required=True, digits=(16, 2))
    uom_id = fields.Many2one(related="product_id.uom_id", string="Unit", readonly=True,
                             store=True)
    price_unit = fields.Monetary(
        string="Unit price", required=True,
        help="Per unit and year for recurring services, per unit for one-time services. "
             "Defaults to the catalogue price of the sheet's year.")
    billing_rhythm = fields.Selection(BILLING_RHYTHMS, string="Billing rhythm", required=True)
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    category = fields.Selection(SERVICE_CATEGORIES, string="Service category", required=True)
    budget_type = fields.Selection(BUDGET_TYPES, string="Budget type", required=True)
    is_reserve = fields.Boolean(
        string="Investment reserve",
        help="Planned in the sheet, invoiced only when the Träger calls it.")
    reserve_called_amount = fields.Monetary(
        string="Called", copy=False, readonly=True,
        help="The part of the reserve the Träger has called so far.")
    reserve_called_on = fields.Date(string="Last called on", copy=False, readonly=True)
    reserve_remaining = fields.Monetary(
        string="Reserve remaining", compute="_compute_reserve_remaining")
    onetime_share_id = fields.Many2one(
        "ksm.onetime.cost.share", string="One-time cost share", readonly=True,
        ondelete="set null", index=True)
    onetime_cost_id = fields.Many2one(
        related="onetime_share_id.cost_id", string="One-time cost", readonly=True, store=True)
    currency_id = fields.Many2one(related="sheet_id.currency_id", readonly=True, store=True)
    subtotal = fields.Monetary(
        compute="_compute_subtotal", store=True,
        help="Quantity times unit price, for recurring services in proportion to the "
             "months of the period.")
    amount_invoiceable = fields.Monetary(
        string="Invoiceable", compute="_compute_amount_invoiceable", store=True,
        help="What may be invoiced: the subtotal, or for an investment reserve what the "
             "Träger has called.")
    # of the sheet, stored for analysis and access rules
    partner_id = fields.Many2one(related="sheet_id.partner_id", string="Träger",
                                 readonly=True, store=True, index=True)
    year = fields.Integer(related="sheet_id.year", readonly=True, store=True,
                          group_operator=False)
    scope = fields.Selection(SHEET_SCOPES, related="sheet_id.scope", readonly=True,
                             store=True)
    state = fields.Selection(SHEET_STATES, related="sheet_id.state", string="Status",
                             readonly=True, store=True)

    _sql_constraints = [
        ("quantity_positive", "check(quantity > 0)", "The quantity must be positive."),
        ("price_unit_not_negative", "check(price_unit >= 0)",
         "A unit price cannot be negative."),
    ]

    @api.depends("quantity", "price_unit", "billing_rhythm", "date_from", "date_to",
                 "currency_id")
    def _compute_subtotal(self):
        for line in self:
            amount = line.quantity * line.price_unit
            if line.billing_rhythm != "once" and line.date_from and line.date_to:
                amount = amount * line._months() / 12.0
            line.subtotal = line.currency_id.round(amount) if line.currency_id else amount

    @api.depends("subtotal", "is_reserve", "reserve_called_amount")
    def _compute_amount_invoiceable(self):
        for line in self:
            line.amount_invoiceable = (line.reserve_called_amount if line.is_reserve
                                       else line.subtotal)

    @api.depends("subtotal", "reserve_called_amount")
    def _compute_reserve_remaining(self):
        for line in self:
            line.reserve_remaining = (line.subtotal - line.reserve_called_amount
                                      if line.is_reserve else 0.0)

    @api.multi
    def _months(self):
        """Calendar months of the period (a recurring line covers whole months)."""
        self.ensure_one()
        start = fields.Date.from_string(self.date_from)
        end = fields.Date.from_string(self.date_to)
        return (end.year - start.year) * 12 + end.month - start.month + 1

    @api.constrains("date_from", "date_to", "billing_rhythm", "sheet_id")
    def _check_period(self):
        for line in self:
            if line.date_from > line.date_to:
                raise ValidationError(_(
                    "The period of \"%s\" ends before it starts.") % line.name)
            if line.date_from < line.sheet_id.date_from or line.date_to > line.sheet_id.date_to:
                raise ValidationError(_(
                    "The period of \"%s\" must lie within the year %s of service sheet %s.")
                    % (line.name, line.sheet_id.year, line.sheet_id.name))
            start = fields.Date.from_string(line.date_from)
            day_after_end = fields.Date.from_string(line.date_to) + relativedelta(days=1)
            if line.billing_rhythm != "once" and (start.day != 1 or day_after_end.day != 1):
                raise ValidationError(_(
                    "\"%s\" is a recurring service: its period must start on the first and "
                    "end on the last day of a month.") % line.name)

    @api.constrains("reserve_called_amount", "subtotal", "is_reserve")
    def _check_reserve_called_amount(self):
        for line in self:
            if line.reserve_called_amount and not line.is_reserve:
                raise ValidationError(_("\"%s\" is not an investment reserve and cannot be "
                                        "called.") % line.name)
            if line.currency_id.compare_amounts(line.reserve_called_amount, line.subtotal) > 0:
                raise ValidationError(_(
                    "The calls of the investment reserve \"%s\" exceed its planned amount.")
                    % line.name)

    @api.model
    def create(self, vals):
        sheet = self.env["ksm.service.sheet"].browse(vals.get("sheet_id"))
        self._check_sheets_editable(sheet)
        product = self.env["product.product"].browse(vals.get("product_id"))
        if product:
            vals = dict(vals)
            for key, value in self._prepare_product_values(product, sheet).items():
                vals.setdefault(key, value)
            if "price_unit" not in vals:
                raise UserError(product.product_tmpl_id._ksm_missing_price_message(sheet.year))
        return super(KsmServiceSheetLine, self).create(vals)

    @api.multi
    def write(self, vals):
        if set(vals) - RESERVE_CALL_FIELDS:
            self._check_sheets_editable(self.mapped("sheet_id"))
        return super(KsmServiceSheetLine, self).write(vals)

    @api.multi
    def unlink(self):
        self._check_sheets_editable(self.mapped("sheet_id"))
        return super(KsmServiceSheetLine, self).unlink()

    @api.model
    def _check_sheets_editable(self, sheets):
        for sheet in sheets.filtered(lambda sheet: sheet.state != "draft"):
            raise UserError(_(
                "Service sheet %s is %s: its services can no longer be changed. Create a new "
                "revision instead.") % (sheet.name, sheet._state_label()))

    @api.model
    def _prepare_product_values(self, product, sheet):
        """Line values a catalogue service brings along on a sheet of a year."""
        template = product.product_tmpl_id
        values = {
            "name": product.display_name,
            "billing_rhythm": template.ksm_billing_rhythm or "yearly",
            "category": template.ksm_category,
            "budget_type": template.ksm_budget_type,
            "is_reserve": template.ksm_is_reserve,
            "date_from": sheet.date_from,
            "date_to": sheet.date_to,
        }
        price = template.ksm_price_for_year(sheet.year)
        if price:
            values["price_unit"] = price.price
        return values

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if not self.product_id:
            return None
        values = self._prepare_product_values(self.product_id, self.sheet_id)
        if self.date_from and self.date_to:
            values.update(date_from=self.date_from, date_to=self.date_to)
        self.update(values)
        if "price_unit" not in values:
            return {"warning": {
                "title": _("No catalogue price"),
                "message": self.product_id.product_tmpl_id._ksm_missing_price_message(
                    self.sheet_id.year)}}
        return None

    @api.multi
    def _copied_to_next_year(self):
        """Whether the sheet of the next year plans this line again: not a share of a
        one-time cost (the next year has its own share), not a service billed once,
        except a reserve, which is planned every year."""
        self.ensure_one()
        if self.onetime_share_id:
            return False
        return self.billing_rhythm != "once" or self.is_reserve

    @api.multi
    def _prepare_next_year_values(self, year):
        """This line's values on the sheet of ``year``, at that year's catalogue price."""
        self.ensure_one()
        template = self.product_id.product_tmpl_id
        price_unit = self.price_unit
        if not template.ksm_individual_price:
            price = template.ksm_price_for_year(year)
            if not price:
                raise UserError(template._ksm_missing_price_message(year))
            price_unit = price.price
        shift = relativedelta(years=year - self.year)
        return {
            "sequence": self.sequence,
            "product_id": self.product_id.id,
            "name": self.name,
            "quantity": self.quantity,
            "price_unit": price_unit,
            "billing_rhythm": self.billing_rhythm,
            "category": self.category,
            "budget_type": self.budget_type,
            "is_reserve": self.is_reserve,
            "date_from": fields.Date.to_string(
                fields.Date.from_string(self.date_from) + shift),
            "date_to": fields.Date.to_string(fields.Date.from_string(self.date_to) + shift),
        }

    @api.multi
    def action_call_reserve(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Call investment reserve"),
            "res_model": "ksm.reserve.call",
            "view_mode": "form",
            "target": "new",
            "context": {"default_line_id": self.id},
        }
