from odoo import fields, models


class ResCompany(models.Model):
    """password_security's policy for new companies: at least 10 characters with lower
    case, upper case and a digit, none of the last 5 passwords again, no forced expiry
    (expiring passwords make people choose weaker ones)."""
    _inherit = "res.company"

    password_expiration = fields.Integer(default=0)
    password_length = fields.Integer(default=10)
    password_lower = fields.Integer(default=1)
    password_upper = fields.Integer(default=1)
    password_numeric = fields.Integer(default=1)
    password_special = fields.Integer(default=0)
    password_history = fields.Integer(default=5)
    password_minimum = fields.Integer(default=0)
