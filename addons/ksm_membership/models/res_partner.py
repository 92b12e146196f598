from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import check_ags, check_leitweg_id

TRAEGER_KINDS = [
    ("landkreis", "County (Landkreis)"),
    ("kreisfreie_stadt", "State capital / county-free city"),
    ("stadt", "Town (Stadt)"),
    ("amt", "Amt"),
    ("gemeinde", "Municipality (Gemeinde)"),
    ("zweckverband", "Special-purpose association (Zweckverband)"),
    ("sonstige", "Other public body"),
]

COUNCIL_BODIES = [
    ("kreistag", "Kreistag"),
    ("stadtvertretung", "Stadtvertretung"),
    ("buergerschaft", "Stadtvertretung (Landeshauptstadt)"),
    ("gemeindevertretung", "Gemeindevertretung"),
    ("amtsausschuss", "Amtsausschuss"),
    ("verbandsversammlung", "Verbandsversammlung"),
    ("verwaltungsrat", "Verwaltungsrat der KSM"),
]


class ResPartner(models.Model):
    """A Träger is a company partner; its people are its contacts, with their roles."""

    _inherit = "res.partner"

    ksm_is_traeger = fields.Boolean(
        string="Träger", help="A public body that owns (or is joining) KSM.")
    ksm_traeger_kind = fields.Selection(TRAEGER_KINDS, string="Kind of Träger")
    ksm_ags = fields.Char(
        string="Municipality key (AGS)", size=8,
        help="Amtlicher Gemeindeschlüssel, 8 digits (e.g. 13076088).")
    ksm_leitweg_id = fields.Char(
        string="Leitweg-ID",
        help="Routing id of the public buyer for e-invoices (XRechnung BT-10), "
             "e.g. 04011000-12345-03.")
    ksm_council_body = fields.Selection(COUNCIL_BODIES, string="Council body")
    # roles of a Träger's contact (a person, usually a portal user)
    ksm_role_signatory = fields.Boolean(
        string="Signatory", help="Signs and accepts service sheets, approves order calls "
                                 "(mayor or authorised person).")
    ksm_role_finance = fields.Boolean(
        string="Finance", help="Receives invoices, reports quantities.")
    ksm_role_it = fields.Boolean(string="IT contact")

    @api.constrains("ksm_leitweg_id")
    def _check_ksm_leitweg_id(self):
        for partner in self.filtered("ksm_leitweg_id"):
            problem = check_leitweg_id(partner.ksm_leitweg_id)
            if problem:
                raise ValidationError(_("The Leitweg-ID %s of %s is not valid: %s.") % (
                    partner.ksm_leitweg_id, partner.display_name, _(problem)))

    @api.constrains("ksm_ags")
    def _check_ksm_ags(self):
        for partner in self.filtered("ksm_ags"):
            problem = check_ags(partner.ksm_ags)
            if problem:
                raise ValidationError(_("The municipality key (AGS) %s of %s is not valid: "
                                        "%s.") % (partner.ksm_ags, partner.display_name,
                                                  _(problem)))

    @api.multi
    def ksm_traeger(self):
        """The Träger a partner (a Träger or one of its contacts) belongs to."""
        return self.mapped("commercial_partner_id").filtered("ksm_is_traeger")
