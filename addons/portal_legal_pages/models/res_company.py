from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    legal_notice = fields.Html(
        string="Legal notice", translate=True,
        help="Shown on the Impressum page below the company's name, address and contact: "
             "who represents the company, its supervisory authority, its register and "
             "tax identifiers, who is responsible for the content.")
    privacy_policy = fields.Html(
        string="Privacy policy", translate=True,
        help="The Datenschutz page: what personal data the portal processes, why, for how "
             "long, and whom to ask. Without it the page and its link are not shown.")
