from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import formatLang


class KsmServiceSheetLine(models.Model):
    """School IT on service sheets: a line may be for one school, an investment may be
    financed in part by a grant, and a replacement line names the devices it replaces.
    """

    _inherit = "ksm.service.sheet.line"

    ksm_school_id = fields.Many2one(
        "ksm.school", string="School", index=True, ondelete="restrict",
        help="The school the service is for. The school's staff see the lines of their "
             "school in the portal.")
    ksm_grant_id = fields.Many2one(
        "ksm.funding.grant", string="Grant", index=True, ondelete="restrict",
        help="The grant that pays part of this investment.")
    ksm_programme_id = fields.Many2one(
        related="ksm_grant_id.programme_id", string="Funding programme", readonly=True,
        store=True)
    ksm_grant_amount = fields.Monetary(
        string="Financed by grant",
        help="The part of the investment the grant pays, at most the programme's quota "
             "of it. The rest is paid from the Träger's own funds.")
    ksm_own_amount = fields.Monetary(
        string="Own funds", compute="_compute_ksm_own_amount", store=True,
        help="The part of the line the Träger pays from its own funds.")
    ksm_device_ids = fields.Many2many(
        "ksm.device", "ksm_service_sheet_line_device_rel", "line_id", "device_id",
        string="Replaced devices",
        help="The devices due for replacement that this line replaces (proposed by the "
             "replacement planning).")

    @api.depends("subtotal", "ksm_grant_amount")
    def _compute_ksm_own_amount(self):
        for line in self:
            line.ksm_own_amount = line.subtotal - line.ksm_grant_amount

    @api.onchange("ksm_school_id")
    def _onchange_ksm_school_id(self):
        grant_school = self.ksm_grant_id.school_id
        if grant_school and self.ksm_school_id and grant_school != self.ksm_school_id:
            self.ksm_grant_id = False

    @api.onchange("ksm_grant_id")
    def _onchange_ksm_grant_id(self):
        grant = self.ksm_grant_id
        self.ksm_grant_amount = min(self._ksm_max_grant_amount(), grant.approved_amount) \
            if grant else 0.0
        if grant.school_id and not self.ksm_school_id:
            self.ksm_school_id = grant.school_id

    @api.multi
    def _ksm_max_grant_amount(self):
        """What the grant's programme pays at most of this line: its quota."""
        self.ensure_one()
        quota = self.ksm_grant_id.programme_id.funding_quota
        amount = self.subtotal * quota / 100.0
        return self.currency_id.round(amount) if self.currency_id else amount

    @api.multi
    def _ksm_format_amount(self, amount):
        self.ensure_one()
        return formatLang(self.env, amount, currency_obj=self.currency_id)

    @api.constrains("ksm_school_id", "sheet_id")
    def _check_ksm_school_id(self):
        for line in self.filtered("ksm_school_id"):
            if line.sheet_id.scope != "school_it":
                raise ValidationError(_(
                    "\"%s\" is for the school %s: services for schools belong on the "
                    "School IT sheet, not on service sheet %s.") % (
                    line.name, line.ksm_school_id.name, line.sheet_id.name))
            if line.ksm_school_id.partner_id != line.sheet_id.partner_id:
                raise ValidationError(_(
                    "The school %s is not a school of %s, the Träger of service sheet %s.")
                    % (line.ksm_school_id.name, line.sheet_id.partner_id.display_name,
                       line.sheet_id.name))

    @api.constrains("ksm_grant_id", "ksm_grant_amount", "ksm_school_id", "budget_type",
                    "subtotal", "sheet_id")
    def _check_ksm_grant(self):
        for line in self:
            grant = line.ksm_grant_id
            money = line._ksm_format_amount
            if line.currency_id.compare_amounts(line.ksm_grant_amount, 0.0) < 0:
                raise ValidationError(_(
                    "The amount financed by a grant of \"%s\" cannot be negative.")
                    % line.name)
            if not grant:
                if not line.currency_id.is_zero(line.ksm_grant_amount):
                    raise ValidationError(_(
                        "\"%s\" is financed by a grant of %s: choose the grant.")
                        % (line.name, money(line.ksm_grant_amount)))
                continue
            sheet = line.sheet_id
            if line.budget_type != "investment":
                raise ValidationError(_(
                    "Only investments can be financed by a grant; \"%s\" is an expense.")
                    % line.name)
            if grant.partner_id != sheet.partner_id:
                raise ValidationError(_(
                    "The grant %s was given to %s, not to %s, the Träger of service sheet "
                    "%s.") % (grant.name, grant.partner_id.display_name,
                              sheet.partner_id.display_name, sheet.name))
            if grant.school_id and line.ksm_school_id \
                    and grant.school_id != line.ksm_school_id:
                raise ValidationError(_(
                    "The grant %s is for the school %s, but \"%s\" is for the school %s.")
                    % (grant.name, grant.school_id.name, line.name,
                       line.ksm_school_id.name))
            if line.currency_id.compare_amounts(
                    line.ksm_grant_amount, line._ksm_max_grant_amount()) > 0:
                raise ValidationError(_(
                    "The programme %s pays at most %s %% of an investment: at most %s of "
                    "\"%s\", not %s.") % (
                    grant.programme_id.name,
                    formatLang(self.env, grant.programme_id.funding_quota,
                               digits=2 if grant.programme_id.funding_quota % 1 else 0),
                    money(line._ksm_max_grant_amount()), line.name,
                    money(line.ksm_grant_amount)))
            planned = sum(sheet.line_ids.filtered(
                lambda other: other.ksm_grant_id == grant).mapped("ksm_grant_amount"))
            if line.currency_id.compare_amounts(planned, grant.approved_amount) > 0:
                raise ValidationError(_(
                    "Service sheet %s plans %s of the grant %s, more than the %s "
                    "approved.") % (sheet.name, money(planned), grant.name,
                                    money(grant.approved_amount)))

    @api.multi
    def _prepare_next_year_values(self, year):
        """Next year's line is for the same school. A grant is approved for one
        investment and is not carried over; replacement lines are dropped after the
        copy (see ``ksm.service.sheet.action_copy_to_next_year``)."""
        values = super()._prepare_next_year_values(year)
        values.update(ksm_school_id=self.ksm_school_id.id,
                      ksm_device_ids=[(6, 0, self.ksm_device_ids.ids)])
        return values
