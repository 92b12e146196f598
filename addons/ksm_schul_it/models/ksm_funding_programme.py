from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KsmFundingProgramme(models.Model):
    """A funding programme (Förderprogramm), e.g. DigitalPakt Schule: it pays up to its
    quota of an eligible investment; the rest is the Träger's own share."""

    _name = "ksm.funding.programme"
    _description = "Funding programme"
    _order = "date_start desc, name"

    name = fields.Char(required=True)
    authority = fields.Char(
        string="Funding authority",
        help="Who grants the funds, e.g. the Land's ministry of education.")
    funding_quota = fields.Float(
        string="Funding quota (%)", required=True, digits=(5, 2),
        help="The highest share of the eligible investment the programme pays, in per "
             "cent (DigitalPakt Schule: 90).")
    date_start = fields.Date(string="Start")
    date_end = fields.Date(string="End")
    grant_ids = fields.One2many("ksm.funding.grant", "programme_id", string="Grants")
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    investment_total = fields.Monetary(string="Eligible investment",
                                       compute="_compute_totals")
    approved_total = fields.Monetary(string="Approved", compute="_compute_totals")
    called_total = fields.Monetary(string="Called", compute="_compute_totals")
    received_total = fields.Monetary(string="Received", compute="_compute_totals")
    own_share_total = fields.Monetary(string="Own share", compute="_compute_totals")
    active = fields.Boolean(default=True)
    note = fields.Text(string="Notes")

    _sql_constraints = [
        ("funding_quota_range", "CHECK(funding_quota > 0 AND funding_quota <= 100)",
         "The funding quota is a percentage above 0 and at most 100."),
    ]

    @api.depends("grant_ids.investment_amount", "grant_ids.approved_amount",
                 "grant_ids.called_amount", "grant_ids.received_amount")
    def _compute_totals(self):
        for programme in self:
            grants = programme.grant_ids
            programme.investment_total = sum(grants.mapped("investment_amount"))
            programme.approved_total = sum(grants.mapped("approved_amount"))
            programme.called_total = sum(grants.mapped("called_amount"))
            programme.received_total = sum(grants.mapped("received_amount"))
            programme.own_share_total = sum(grants.mapped("own_share"))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for programme in self:
            if programme.date_start and programme.date_end \
                    and programme.date_end < programme.date_start:
                raise ValidationError(_(
                    "The programme %s cannot end before it starts.") % programme.name)
