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
    ksm_sheet_line_ids = fields.Many2many(
        "ksm.service.sheet.line", "ksm_service_sheet_line_device_rel", "device_id",
        "line_id", string="Replacement planned in", readonly=True,
        help="The service sheet lines that replace the device.")
    ksm_replacement_sheet_ids = fields.Many2many(
        "ksm.service.sheet", string="Replacement proposed in",
        compute="_compute_ksm_replacement_sheet_ids",
        help="The service sheets that plan the replacement of the device.")

    @api.depends("ksm_sheet_line_ids.sheet_id")
    def _compute_ksm_replacement_sheet_ids(self):
        for device in self:
            device.ksm_replacement_sheet_ids = device.ksm_sheet_line_ids.mapped("sheet_id")

    @api.multi
    def _ksm_replacement_planned_before(self, year):
        """Whether a sheet of a year before ``year`` (not superseded) plans the
        replacement of the device."""
        self.ensure_one()
        return any(line.year < year and line.state != "superseded"
                   for line in self.ksm_sheet_line_ids)

    @api.multi
    def _ksm_replacement_product(self):
        """The catalogue service that replaces the device: its own replacement
        service, else the company's default one."""
        self.ensure_one()
        return self.replacement_product_id \
            or self.company_id.ksm_device_replacement_product_id

    @api.multi
    def _ksm_replacement_price(self, year):
        """The unit price of the replacement in a sheet of ``year``: the catalogue price
        of the device's replacement service in that year, else its replacement cost."""
        self.ensure_one()
        price = self.replacement_product_id.product_tmpl_id.ksm_price_for_year(year) \
            if self.replacement_product_id else None
        return price.price if price else self.replacement_cost

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
