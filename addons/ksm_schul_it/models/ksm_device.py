from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KsmDevice(models.Model):
    """School devices: a device may stand in a school of its Träger and be funded by a
    grant."""

    _inherit = "ksm.device"

    school_id = fields.Many2one(
        "ksm.school", string="School", index=True, ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]", track_visibility="onchange",
        help="The school the device stands in; empty for the Träger's administration.")
    grant_id = fields.Many2one(
        "ksm.funding.grant", string="Grant", index=True, ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]", track_visibility="onchange",
        help="The grant that funded the device.")

    @api.onchange("school_id")
    def _onchange_school_id(self):
        if self.school_id:
            self.partner_id = self.school_id.partner_id

    @api.onchange("grant_id")
    def _onchange_grant_id(self):
        if self.grant_id:
            self.funding_source = "grant"

    @api.constrains("school_id", "partner_id")
    def _check_school_id(self):
        for device in self.filtered("school_id"):
            if device.school_id.partner_id != device.partner_id:
                raise ValidationError(_(
                    "The device %s belongs to %s, but the school %s belongs to %s. "
                    "Choose a school of the device's Träger.") % (
                    device.display_name, device.partner_id.display_name,
                    device.school_id.name, device.school_id.partner_id.display_name))

    @api.constrains("grant_id", "partner_id", "funding_source")
    def _check_grant_id(self):
        for device in self.filtered("grant_id"):
            if device.grant_id.partner_id != device.partner_id:
                raise ValidationError(_(
                    "The grant %s was given to %s, not to the Träger of the device %s.")
                    % (device.grant_id.display_name,
                       device.grant_id.partner_id.display_name, device.display_name))
            if device.funding_source != "grant":
                raise ValidationError(_(
                    "The device %s is funded by the grant %s: set its funding source to "
                    "'Grant'.") % (device.display_name, device.grant_id.display_name))
