from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

SCHOOL_TYPES = [
    ("grundschule", "Primary school (Grundschule)"),
    ("regionale_schule", "Regionale Schule"),
    ("gymnasium", "Gymnasium"),
    ("gesamtschule", "Comprehensive school (Gesamtschule)"),
    ("foerderschule", "Special school (Förderschule)"),
    ("berufliche_schule", "Vocational school (Berufliche Schule)"),
]


class KsmSchool(models.Model):
    """A school whose Schulträger is a Träger of KSM.

    The school is a partner too (``school_partner_id``): a company under its Träger that
    holds the school's address and whose contacts are the school's staff. A staff
    member's commercial partner is therefore the school, not the Träger, and the portal
    record rules (security/ksm_schul_it_security.xml) show school staff their school
    only, and the Träger's staff all schools of the Träger.
    """

    _name = "ksm.school"
    _description = "School"
    _inherit = ["mail.thread"]
    _order = "partner_id, name, id"

    school_partner_id = fields.Many2one(
        "res.partner", string="School as contact", required=True, index=True,
        ondelete="restrict", readonly=True,
        help="The contact that holds the school's address; the school's staff are its "
             "contacts. It is created with the school.")
    name = fields.Char(related="school_partner_id.name", store=True, required=True,
                       track_visibility="onchange")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange",
        help="The Träger that is the school's Schulträger.")
    school_type = fields.Selection(SCHOOL_TYPES, string="Type of school", required=True,
                                   track_visibility="onchange")
    school_number = fields.Char(
        track_visibility="onchange",
        help="The number the Land's school administration gives the school.")
    street = fields.Char(related="school_partner_id.street")
    zip = fields.Char(related="school_partner_id.zip")
    city = fields.Char(related="school_partner_id.city")
    phone = fields.Char(related="school_partner_id.phone")
    email = fields.Char(related="school_partner_id.email")
    pupil_count = fields.Integer(string="Pupils", track_visibility="onchange")
    teacher_count = fields.Integer(string="Teachers", track_visibility="onchange")
    contact_ids = fields.One2many(
        related="school_partner_id.child_ids", string="Staff",
        help="The school's staff. Give them portal access to let them see the school's "
             "devices and report problems.")
    device_ids = fields.One2many("ksm.device", "school_id", string="Devices")
    ticket_ids = fields.One2many("helpdesk.ticket", "ksm_school_id", string="Tickets")
    sheet_line_ids = fields.One2many("ksm.service.sheet.line", "ksm_school_id",
                                     string="Services on service sheets")
    device_count = fields.Integer(compute="_compute_device_count")
    device_due_count = fields.Integer(string="Devices due for replacement",
                                      compute="_compute_device_count")
    ticket_count = fields.Integer(compute="_compute_ticket_count")
    active = fields.Boolean(default=True)
    note = fields.Text(string="Notes")

    _sql_constraints = [
        ("school_number_uniq", "unique(school_number)",
         "Another school has this school number."),
        ("school_partner_uniq", "unique(school_partner_id)",
         "This contact is already the contact of another school."),
        ("pupil_count_positive", "CHECK(pupil_count >= 0)",
         "The number of pupils cannot be negative."),
        ("teacher_count_positive", "CHECK(teacher_count >= 0)",
         "The number of teachers cannot be negative."),
    ]

    def _count_by_school(self, model, school_field, domain=()):
        """{school id: number of records of ``model`` the user may see}, counted by the
        database for all schools at once (lists of schools show these counts)."""
        groups = self.env[model].read_group(
            [(school_field, "in", self.ids)] + list(domain), [school_field], [school_field])
        return {group[school_field][0]: group[school_field + "_count"] for group in groups}

    @api.depends("device_ids.service_life_end")
    def _compute_device_count(self):
        devices = self._count_by_school("ksm.device", "school_id")
        due = self._count_by_school("ksm.device", "school_id", self.env[
            "ksm.device"]._replacement_due_domain(fields.Date.context_today(self)))
        for school in self:
            school.device_count = devices.get(school.id, 0)
            school.device_due_count = due.get(school.id, 0)

    @api.depends("ticket_ids")
    def _compute_ticket_count(self):
        tickets = self._count_by_school("helpdesk.ticket", "ksm_school_id")
        for school in self:
            school.ticket_count = tickets.get(school.id, 0)

    @api.constrains("partner_id", "school_partner_id")
    def _check_school_partner(self):
        for school in self:
            if school.school_partner_id == school.partner_id:
                raise ValidationError(_(
                    "The school %s needs a contact of its own, not its Träger's.")
                    % school.name)

    @api.model
    def create(self, vals):
        if not vals.get("school_partner_id"):
            partner = self.env["res.partner"].create(self._prepare_school_partner(vals))
            vals = dict(vals, school_partner_id=partner.id)
        return super().create(vals)

    @api.multi
    def write(self, vals):
        result = super().write(vals)
        if "partner_id" in vals:
            for school in self:
                school.school_partner_id.parent_id = school.partner_id
        return result

    @api.model
    def _prepare_school_partner(self, vals):
        """Values of the contact created with a school: a company under the Träger.

        Its type is 'other' so that Odoo keeps the school's own address instead of
        copying the Träger's.
        """
        traeger = self.env["res.partner"].browse(vals.get("partner_id"))
        return {
            "name": vals.get("name"),
            "is_company": True,
            "type": "other",
            "parent_id": traeger.id,
            "customer": False,
            "lang": traeger.lang,
            "country_id": traeger.country_id.id,
            "street": vals.get("street"),
            "zip": vals.get("zip"),
            "city": vals.get("city"),
            "phone": vals.get("phone"),
            "email": vals.get("email"),
        }

    @api.multi
    def action_view_devices(self):
        self.ensure_one()
        action = self.env.ref("ksm_schul_it.ksm_device_action_school").read()[0]
        action["domain"] = [("school_id", "=", self.id)]
        action["context"] = {"default_school_id": self.id,
                             "default_partner_id": self.partner_id.id}
        return action

    @api.multi
    def action_view_sheet_lines(self):
        self.ensure_one()
        action = self.env.ref("ksm_schul_it.action_ksm_service_sheet_line_school").read()[0]
        action["domain"] = [("ksm_school_id", "=", self.id)]
        return action

    @api.multi
    def action_view_tickets(self):
        self.ensure_one()
        action = self.env.ref("ksm_schul_it.helpdesk_ticket_action_schul_it").read()[0]
        action["domain"] = [("ksm_school_id", "=", self.id)]
        action["context"] = {
            "default_ksm_school_id": self.id,
            "default_team_id": self.env.ref("ksm_schul_it.helpdesk_team_schul_it").id}
        return action
