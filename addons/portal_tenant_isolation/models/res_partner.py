from odoo import fields, models


class ResPartner(models.Model):
    """The signup URL carries the partner's signup token: whoever reads it logs in as the
    invitee. Like the token itself, it is for administrators only (invitation mails are
    rendered without this check)."""

    _inherit = "res.partner"

    signup_url = fields.Char(groups="base.group_erp_manager")
