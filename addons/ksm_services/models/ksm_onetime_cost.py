from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import formatLang, html_escape

from odoo.addons.ksm_base.tools import allocate, from_cents, to_cents

from .ksm_service_sheet import SHEET_SCOPES


class KsmOnetimeCost(models.Model):
    """A one-time cost of a Träger split over several budget years.

    E.g. the migration of Lübtheen's IT operation: 53.280,00 €, half in 2021 and half in
    2022. Each share becomes a line of the Träger's service sheet of its year.
    """

    _name = "ksm.onetime.cost"
    _description = "One-time cost split over years"
    _inherit = ["mail.thread"]
    _order = "year_from desc, partner_id, name"

    name = fields.Char(required=True, track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    product_id = fields.Many2one(
        "product.product", string="Service", required=True, ondelete="restrict",
        domain=[("ksm_is_catalogue", "=", True)], track_visibility="onchange")
    scope = fields.Selection(
        SHEET_SCOPES, required=True, default="administration", track_visibility="onchange",
        help="The service sheets the shares go into.")
    amount_total = fields.Monetary(string="Total", required=True,
                                   track_visibility="onchange")
    currency_id = fields.Many2one(
        "res.currency", string="Currency", required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    year_from = fields.Integer(
        string="First year", required=True, group_operator=False,
        default=lambda self: int(fields.Date.context_today(self)[:4]))
    year_count = fields.Integer(string="Number of years", required=True, default=2,
                                group_operator=False)
    share_ids = fields.One2many("ksm.onetime.cost.share", "cost_id", string="Shares",
                                copy=False)
    amount_allocated = fields.Monetary(string="Allocated", compute="_compute_amount_allocated")
    sheet_line_ids = fields.One2many("ksm.service.sheet.line", "onetime_cost_id",
                                     string="Service sheet lines")
    sheet_count = fields.Integer(string="Number of service sheets",
                                 compute="_compute_sheet_count")
    note = fields.Text()

    @api.depends("share_ids.amount")
    def _compute_amount_allocated(self):
        for cost in self:
            cost.amount_allocated = cost.currency_id.round(sum(cost.share_ids.mapped("amount")))

    @api.depends("sheet_line_ids")
    def _compute_sheet_count(self):
        for cost in self:
            cost.sheet_count = len(cost.sheet_line_ids.mapped("sheet_id"))

    @api.constrains("amount_total", "share_ids")
    def _check_share_total(self):
        for cost in self:
            if cost.currency_id.compare_amounts(cost.amount_total, 0.0) <= 0:
                raise ValidationError(_("The total of %s must be positive.") % cost.name)
            if cost.share_ids and cost.currency_id.compare_amounts(
                    cost.amount_allocated, cost.amount_total):
                raise ValidationError(_(
                    "The shares of %s add up to %s, not to its total of %s. Correct the "
                    "shares or split the total evenly.") % (
                    cost.name,
                    formatLang(self.env, cost.amount_allocated, currency_obj=cost.currency_id),
                    formatLang(self.env, cost.amount_total, currency_obj=cost.currency_id)))

    @api.constrains("year_from", "year_count")
    def _check_years(self):
        for cost in self:
            if not 2000 <= cost.year_from <= 2099:
                raise ValidationError(_("The year %s is not a valid budget year (2000 to "
                                        "2099).") % cost.year_from)
            if not 1 <= cost.year_count <= 10:
                raise ValidationError(_("%s can be split over 1 to 10 years.") % cost.name)

    @api.model
    def create(self, vals):
        cost = super(KsmOnetimeCost, self).create(vals)
        if not cost.share_ids:
            cost.action_split_evenly()
        return cost

    @api.multi
    def write(self, vals):
        if {"partner_id", "product_id", "scope", "currency_id"}.intersection(vals):
            for cost in self:
                lines = cost.sheet_line_ids.filtered(
                    lambda line: line.sheet_id.state != "superseded")
                if lines:
                    raise UserError(_(
                        "%s is already in the service sheets %s: its Träger, service and "
                        "scope can no longer be changed.") % (
                        cost.name, ", ".join(lines.mapped("sheet_id.name"))))
        if {"amount_total", "year_from", "year_count"}.intersection(vals) \
                and "share_ids" not in vals:
            # the shares follow a new total or new years: split evenly again
            for cost in self:
                amount = vals.get("amount_total", cost.amount_total)
                year_from = vals.get("year_from", cost.year_from)
                year_count = vals.get("year_count", cost.year_count)
                super(KsmOnetimeCost, cost).write(dict(vals, share_ids=cost._prepare_even_shares(
                    amount, year_from, year_count)))
            return True
        return super(KsmOnetimeCost, self).write(vals)

    @api.multi
    def unlink(self):
        self.mapped("share_ids").unlink()
        return super(KsmOnetimeCost, self).unlink()

    @api.multi
    def _prepare_even_shares(self, amount, year_from, year_count):
        """Commands giving the cost ``year_count`` shares from ``year_from`` on that differ
        by at most a cent and add up exactly to ``amount`` (the first years take the
        remaining cents); shares of years that stay are updated, not replaced."""
        self.ensure_one()
        if amount <= 0:
            raise ValidationError(_("The total of %s must be positive.") % self.name)
        if year_count < 1:
            raise ValidationError(_("%s can be split over 1 to 10 years.") % self.name)
        cents = allocate(to_cents(amount), {index: 1 for index in range(year_count)})
        years = range(year_from, year_from + year_count)
        by_year = {share.year: share for share in self.share_ids}
        commands = [(2, share.id) for year, share in by_year.items() if year not in years]
        for index, year in enumerate(years):
            values = {"amount": from_cents(cents[index])}
            if year in by_year:
                commands.append((1, by_year[year].id, values))
            else:
                commands.append((0, 0, dict(values, year=year)))
        return commands

    @api.multi
    def action_split_evenly(self):
        for cost in self:
            cost.write({"share_ids": cost._prepare_even_shares(
                cost.amount_total, cost.year_from, cost.year_count)})
        return True

    @api.multi
    def action_apply_to_sheets(self):
        """Put every share into the Träger's service sheet of its year.

        A missing sheet is created as a draft; a draft gets or updates the share's line;
        a sheet that left draft must already contain the share unchanged.
        """
        Sheet = self.env["ksm.service.sheet"]
        sheets = Sheet
        for cost in self:
            if not cost.share_ids:
                raise UserError(_("Split %s over the years before putting it into the "
                                  "service sheets.") % cost.name)
            cost_sheets = Sheet
            for share in cost.share_ids:
                sheet = Sheet._find_current(cost.partner_id, share.year, cost.scope)
                if not sheet:
                    sheet = Sheet.create({"partner_id": cost.partner_id.id,
                                          "year": share.year, "scope": cost.scope})
                share._apply_to_sheet(sheet)
                cost_sheets |= sheet
            cost.message_post(body=_("Put into the service sheets %s.") % html_escape(", ".join(
                cost_sheets.mapped("name"))))
            sheets |= cost_sheets
        return sheets._get_list_action()

    @api.multi
    def action_view_sheets(self):
        return self.mapped("sheet_line_ids.sheet_id")._get_list_action()
