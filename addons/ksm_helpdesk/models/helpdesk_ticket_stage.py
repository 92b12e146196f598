from odoo import fields, models


class HelpdeskTicketStage(models.Model):
    _inherit = "helpdesk.ticket.stage"

    ksm_portal_action = fields.Char(
        string="Portal button", translate=True,
        help="What the button says that closes a ticket in this stage in the portal "
             "(a verb: the stage's name says what the ticket is then).")
