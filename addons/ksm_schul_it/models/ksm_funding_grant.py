from odoo import _, api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import float_compare, float_round, formatLang


class KsmFundingGrant(models.Model):
    """A grant (Zuwendung) of a programme to a Träger for an investment.

    Of the eligible investment the programme approves at most its quota; the Träger
    calls the approved funds in instalments and receives them. The rest of the
    investment is the Träger's own share.
    """

    _name = "ksm.funding.grant"
    _description = "Grant"
    _inherit = ["mail.thread", "ksm.display.mixin"]
    _order = "approval_date desc, id desc"

    name = fields.Char(string="Reference", required=True, track_visibility="onchange",
                       help="The reference of the grant notice (Zuwendungsbescheid).")
    programme_id = fields.Many2one("ksm.funding.programme", string="Programme",
                                   required=True, ondelete="restrict", index=True,
                                   track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    school_id = fields.Many2one("ksm.school", string="School", index=True,
                                ondelete="restrict",
                                domain="[('partner_id', '=', partner_id)]",
                                track_visibility="onchange")
    purpose = fields.Char(required=True, track_visibility="onchange",
                          help="The investment the grant funds.")
    approval_date = fields.Date(track_visibility="onchange")
    company_id = fields.Many2one(related="programme_id.company_id", store=True,
                                 readonly=True)
    currency_id = fields.Many2one(related="programme_id.currency_id", readonly=True)
    funding_quota = fields.Float(related="programme_id.funding_quota", readonly=True)
    investment_amount = fields.Monetary(
        string="Eligible investment", required=True, track_visibility="onchange",
        help="The cost of the investment the programme funds.")
    approved_amount = fields.Monetary(
        string="Approved", track_visibility="onchange",
        help="The funds granted by the notice.")
    called_amount = fields.Monetary(
        string="Called", track_visibility="onchange",
        help="The part of the approved funds requested from the funding authority.")
    received_amount = fields.Monetary(
        string="Received", track_visibility="onchange",
        help="The part of the called funds paid to the Träger.")
    own_share = fields.Monetary(
        compute="_compute_own_share", store=True,
        help="The part of the investment the Träger pays from its own funds.")
    uncalled_amount = fields.Monetary(
        string="Still to call", compute="_compute_own_share", store=True)
    device_ids = fields.One2many("ksm.device", "grant_id", string="Devices")
    sheet_line_ids = fields.One2many(
        "ksm.service.sheet.line", "ksm_grant_id", string="Investments on service sheets",
        readonly=True,
        help="The investment lines of service sheets that the grant finances.")
    note = fields.Text(string="Notes")

    _sql_constraints = [
        ("amounts_positive",
         "CHECK(investment_amount >= 0 AND approved_amount >= 0 AND called_amount >= 0 "
         "AND received_amount >= 0)",
         "The amounts of a grant cannot be negative."),
    ]

    @api.depends("investment_amount", "approved_amount", "called_amount")
    def _compute_own_share(self):
        for grant in self:
            grant.own_share = grant.investment_amount - grant.approved_amount
            grant.uncalled_amount = grant.approved_amount - grant.called_amount

    @api.onchange("programme_id", "investment_amount")
    def _onchange_investment_amount(self):
        if self.programme_id and not self.approved_amount:
            self.approved_amount = self._max_approvable()

    @api.onchange("school_id")
    def _onchange_school_id(self):
        if self.school_id:
            self.partner_id = self.school_id.partner_id

    @api.multi
    def _max_approvable(self):
        """The programme's quota of the eligible investment, rounded to the cent."""
        self.ensure_one()
        return float_round(self.investment_amount * self.programme_id.funding_quota / 100.0,
                           precision_rounding=self.currency_id.rounding or 0.01)

    @api.constrains("investment_amount", "approved_amount", "called_amount",
                    "received_amount", "programme_id")
    def _check_amounts(self):
        for grant in self:
            money = grant._format_amount
            if grant._exceeds(grant.approved_amount, grant._max_approvable()):
                raise ValidationError(_(
                    "The grant %s approves %s, more than the programme %s pays at most: "
                    "%s %% of %s, that is %s.") % (
                    grant.name, money(grant.approved_amount), grant.programme_id.name,
                    formatLang(self.env, grant.funding_quota,
                               digits=2 if grant.funding_quota % 1 else 0),
                    money(grant.investment_amount), money(grant._max_approvable())))
            if grant._exceeds(grant.called_amount, grant.approved_amount):
                raise ValidationError(_(
                    "The grant %s cannot call %s: only %s were approved.") % (
                    grant.name, money(grant.called_amount), money(grant.approved_amount)))
            if grant._exceeds(grant.received_amount, grant.called_amount):
                raise ValidationError(_(
                    "The grant %s cannot have received %s: only %s were called.") % (
                    grant.name, money(grant.received_amount), money(grant.called_amount)))

    @api.constrains("school_id", "partner_id")
    def _check_school_id(self):
        for grant in self.filtered("school_id"):
            if grant.school_id.partner_id != grant.partner_id:
                raise ValidationError(_(
                    "The school %s is not a school of %s, the Träger of the grant %s.")
                    % (grant.school_id.name, grant.partner_id.display_name, grant.name))

    @api.multi
    def _exceeds(self, amount, limit):
        """Whether ``amount`` is more than ``limit``, to the cent."""
        self.ensure_one()
        return float_compare(amount, limit,
                             precision_rounding=self.currency_id.rounding or 0.01) > 0

