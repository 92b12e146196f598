from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KsmOnetimeCostShare(models.Model):
    """The part of a one-time cost that falls into one budget year."""

    _name = "ksm.onetime.cost.share"
    _description = "Yearly share of a one-time cost"
    _order = "cost_id, year"

    cost_id = fields.Many2one("ksm.onetime.cost", string="One-time cost", required=True,
                              index=True, ondelete="cascade")
    year = fields.Integer(required=True, group_operator=False)
    amount = fields.Monetary(required=True)
    currency_id = fields.Many2one(related="cost_id.currency_id", readonly=True, store=True)
    line_ids = fields.One2many("ksm.service.sheet.line", "onetime_share_id",
                               string="Service sheet lines")

    _sql_constraints = [
        ("cost_year_unique", "unique(cost_id, year)",
         "A one-time cost has one share per year."),
        ("amount_positive", "check(amount > 0)", "A share must be positive."),
    ]

    @api.constrains("year")
    def _check_year(self):
        for share in self:
            if not 2000 <= share.year <= 2099:
                raise ValidationError(_("The year %s is not a valid budget year (2000 to "
                                        "2099).") % share.year)

    @api.multi
    def name_get(self):
        return [(share.id, "%s %s" % (share.cost_id.name, share.year)) for share in self]

    @api.multi
    def write(self, vals):
        if {"amount", "year"}.intersection(vals):
            self._check_lines_changeable()
        if "year" in vals:
            # the draft lines are in the old year's sheet: the share is put again
            self._draft_lines().unlink()
        result = super(KsmOnetimeCostShare, self).write(vals)
        if "amount" in vals:
            for share in self:
                share._draft_lines().write(share._prepare_sheet_line_amounts())
        return result

    @api.multi
    def unlink(self):
        self._check_lines_changeable()
        self._draft_lines().unlink()
        return super(KsmOnetimeCostShare, self).unlink()

    @api.multi
    def _draft_lines(self):
        return self.mapped("line_ids").filtered(lambda line: line.sheet_id.state == "draft")

    @api.multi
    def _check_lines_changeable(self):
        """Refuse to change a share behind the back of a sheet that left draft (lines of
        superseded revisions are history and stay as they were)."""
        for share in self:
            for line in share.line_ids:
                sheet = line.sheet_id
                if sheet.state not in ("draft", "superseded"):
                    raise UserError(_(
                        "The share %s of %s is in service sheet %s, which is %s. Create a "
                        "new revision of the sheet before changing the share.") % (
                        share.year, share.cost_id.name, sheet.name, sheet._state_label()))
        return True

    @api.multi
    def _prepare_sheet_line_amounts(self):
        self.ensure_one()
        return {"quantity": 1.0, "price_unit": self.amount}

    @api.multi
    def _prepare_sheet_line_values(self, sheet):
        self.ensure_one()
        cost = self.cost_id
        years = cost.share_ids.mapped("year")
        values = self.env["ksm.service.sheet.line"]._prepare_product_values(
            cost.product_id, sheet)
        values.update(self._prepare_sheet_line_amounts())
        values.update({
            "sheet_id": sheet.id,
            "product_id": cost.product_id.id,
            "onetime_share_id": self.id,
            "billing_rhythm": "once",
            "name": _("%s, share %s (%d of %d)") % (
                cost.name, self.year, sorted(years).index(self.year) + 1, len(years)),
        })
        return values

    @api.multi
    def _apply_to_sheet(self, sheet):
        """Put each share into ``sheet``: a draft gets or updates the share's line, any
        other sheet must already hold it unchanged."""
        Line = self.env["ksm.service.sheet.line"]
        for share in self:
            line = sheet.line_ids.filtered(lambda line: line.onetime_share_id == share)
            if sheet.state == "draft":
                if line:
                    line.write(share._prepare_sheet_line_amounts())
                else:
                    Line.create(share._prepare_sheet_line_values(sheet))
            elif not line or share.currency_id.compare_amounts(line.subtotal, share.amount):
                raise UserError(_(
                    "The share %s of %s is not in service sheet %s, which is %s. Create a "
                    "new revision of the sheet to take it over.") % (
                    share.year, share.cost_id.name, sheet.name, sheet._state_label()))
        return True
