from datetime import date as Date

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

DEVICE_KINDS = [
    ("pc", "PC"),
    ("notebook", "Notebook"),
    ("tablet", "Tablet"),
    ("display", "Interactive whiteboard/display"),
    ("server", "Server"),
    ("network", "Network device"),
    ("printer", "Printer"),
]

FUNDING_SOURCES = [
    ("own", "Own funds"),
    ("grant", "Grant"),
]


def to_date(value):
    """A ``datetime.date`` from a date or an Odoo date string."""
    if isinstance(value, Date):
        return value
    return fields.Date.from_string(value)


class KsmDevice(models.Model):
    """An IT device of a Träger: the inventory KSM plans replacements from.

    A device has reached the end of its service life ``N`` years after its purchase
    (``N`` is the company's ``ksm_device_replacement_years``, 6 by the rule of the
    Lübtheen resolution). It is due for replacement on a date when it is *older* than
    ``N`` years then, i.e. strictly after the end of its service life.
    """

    _name = "ksm.device"
    _description = "Device"
    _inherit = ["mail.thread"]
    _order = "partner_id, purchase_date, name, id"

    name = fields.Char(string="Designation", required=True, track_visibility="onchange",
                       help="What and where the device is, e.g. 'PC Bürgerbüro 1'.")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange",
        help="The Träger that owns the device.")
    kind = fields.Selection(DEVICE_KINDS, required=True, default="pc",
                            track_visibility="onchange")
    manufacturer = fields.Char()
    device_model = fields.Char(string="Model")
    serial = fields.Char(string="Serial number", copy=False, track_visibility="onchange")
    location = fields.Char(track_visibility="onchange",
                           help="Building and room, e.g. 'Rathaus, Raum 12'.")
    purchase_date = fields.Date(required=True, track_visibility="onchange")
    purchase_value = fields.Monetary(track_visibility="onchange",
                                     help="Acquisition cost of the device.")
    funding_source = fields.Selection(FUNDING_SOURCES, required=True, default="own",
                                      track_visibility="onchange")
    warranty_end = fields.Date(string="Warranty until")
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    active = fields.Boolean(default=True,
                            help="Archive devices that were disposed of or handed back.")
    note = fields.Text(string="Notes")

    age_years = fields.Integer(
        string="Age (years)", compute="_compute_age_years",
        help="Completed years since the purchase, today.")
    service_life_end = fields.Date(
        string="End of service life", compute="_compute_service_life_end", store=True,
        help="The purchase date plus the service life set on the company. From the day "
             "after, the device is due for replacement.")
    replacement_due = fields.Boolean(
        compute="_compute_replacement_due", search="_search_replacement_due",
        help="The device is older than the service life set on the company (today).")
    replacement_product_id = fields.Many2one(
        "product.product", string="Replaced by", ondelete="restrict",
        domain=[("ksm_is_catalogue", "=", True)],
        help="The catalogue service that replaces this device; its latest catalogue "
             "price is the replacement cost.")
    replacement_cost = fields.Monetary(
        compute="_compute_replacement_cost", inverse="_inverse_replacement_cost",
        store=True, track_visibility="onchange",
        help="Cost of replacing the device: the latest catalogue price of the service "
             "that replaces it, else the purchase value. You may enter another "
             "estimate; it is kept until the catalogue item, its price or the purchase "
             "value change.")

    _sql_constraints = [
        ("serial_partner_uniq", "unique(partner_id, serial)",
         "This serial number is already registered for this Träger."),
        ("purchase_value_positive", "CHECK(purchase_value >= 0)",
         "The purchase value cannot be negative."),
        ("replacement_cost_positive", "CHECK(replacement_cost >= 0)",
         "The replacement cost cannot be negative."),
    ]

    @api.depends("purchase_date")
    def _compute_age_years(self):
        today = fields.Date.context_today(self)
        for device in self:
            device.age_years = device._age_at(today) if device.purchase_date else 0

    @api.depends("purchase_date", "company_id.ksm_device_replacement_years")
    def _compute_service_life_end(self):
        for device in self:
            device.service_life_end = device.purchase_date and fields.Date.to_string(
                to_date(device.purchase_date)
                + relativedelta(years=device.company_id.ksm_device_replacement_years))

    @api.depends("service_life_end")
    def _compute_replacement_due(self):
        today = fields.Date.context_today(self)
        for device in self:
            device.replacement_due = device._is_replacement_due_at(today)

    def _search_replacement_due(self, operator, value):
        if operator not in ("=", "!="):
            raise ValueError(_("Unsupported search on replacement due: %s") % operator)
        due = self._replacement_due_domain(fields.Date.context_today(self))
        if (operator == "=") == bool(value):
            return due
        return ["!"] + due

    @api.depends("replacement_product_id.product_tmpl_id.ksm_price_ids.price",
                 "replacement_product_id.product_tmpl_id.ksm_price_ids.year",
                 "replacement_product_id.product_tmpl_id.list_price", "purchase_value")
    def _compute_replacement_cost(self):
        for device in self:
            product = device.replacement_product_id
            if not product:
                device.replacement_cost = device.purchase_value
                continue
            prices = product.product_tmpl_id.ksm_price_ids.sorted("year")
            device.replacement_cost = prices[-1].price if prices else product.lst_price

    def _inverse_replacement_cost(self):
        """An estimate entered by hand is stored as it is (see the field's help)."""

    @api.constrains("purchase_date", "warranty_end")
    def _check_warranty_end(self):
        for device in self.filtered("warranty_end"):
            if device.warranty_end < device.purchase_date:
                raise ValidationError(_(
                    "The warranty of %s cannot end before its purchase date.")
                    % device.display_name)

    @api.multi
    def name_get(self):
        return [(device.id, "%s (%s)" % (device.name, device.serial) if device.serial
                 else device.name) for device in self]

    @api.model
    def _name_search(self, name, args=None, operator="ilike", limit=100,
                     name_get_uid=None):
        """Find devices by serial number too (what the label on a device shows)."""
        if not name or operator not in ("=", "ilike", "=ilike", "like", "=like"):
            return super()._name_search(name, args=args, operator=operator, limit=limit,
                                        name_get_uid=name_get_uid)
        domain = ["|", ("name", operator, name), ("serial", operator, name)]
        access_uid = name_get_uid or self._uid
        devices = self.browse(self._search(domain + list(args or []), limit=limit,
                                           access_rights_uid=access_uid))
        return devices.sudo(access_uid).name_get()

    # ------------------------------------------------------------------ planning
    @api.multi
    def _age_at(self, date):
        """Completed years from the purchase to ``date`` (0 before the purchase)."""
        self.ensure_one()
        age = relativedelta(to_date(date), to_date(self.purchase_date)).years
        return max(age, 0)

    @api.multi
    def _is_replacement_due_at(self, date):
        """Whether the device is older than its service life on ``date``."""
        self.ensure_one()
        return bool(self.service_life_end) and (
            to_date(self.service_life_end) < to_date(date))

    @api.model
    def _replacement_due_domain(self, date):
        """The devices older than their service life on ``date``."""
        return [("service_life_end", "<", fields.Date.to_string(to_date(date)))]

    @api.model
    def _next_planning_date(self):
        """1 January of next year: the date a yearly sheet's replacements are planned for."""
        today = to_date(fields.Date.context_today(self))
        return Date(today.year + 1, 1, 1)

    # ------------------------------------------------------------------ school IT
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
