from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class HelpdeskTicket(models.Model):
    """School support: a ticket may concern a school and one of its devices."""

    _inherit = "helpdesk.ticket"

    ksm_school_id = fields.Many2one("ksm.school", string="School", index=True,
                                    ondelete="restrict", track_visibility="onchange")
    ksm_device_id = fields.Many2one(
        "ksm.device", string="Device", index=True, ondelete="restrict",
        domain="[('school_id', '=', ksm_school_id)]", track_visibility="onchange",
        help="The device the ticket is about (a device of the ticket's school).")

    @api.onchange("partner_id")
    def _onchange_partner_id_ksm_school(self):
        if self.partner_id.ksm_school_id and not self.ksm_school_id:
            self.ksm_school_id = self.partner_id.ksm_school_id

    @api.onchange("ksm_school_id")
    def _onchange_ksm_school_id(self):
        if self.ksm_device_id.school_id != self.ksm_school_id:
            self.ksm_device_id = False
        if self.ksm_school_id and not self.team_id:
            self.team_id = self.env.ref("ksm_schul_it.helpdesk_team_schul_it")

    @api.constrains("ksm_school_id", "ksm_device_id")
    def _check_ksm_device_id(self):
        for ticket in self.filtered("ksm_device_id"):
            device = ticket.ksm_device_id
            if device.school_id == ticket.ksm_school_id:
                continue
            if ticket.ksm_school_id:
                raise ValidationError(_(
                    "The device %s is not a device of the school %s.")
                    % (device.display_name, ticket.ksm_school_id.name))
            raise ValidationError(_(
                "The device %s stands in the school %s: choose that school on the "
                "ticket.") % (device.display_name, device.school_id.name))
