from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..models.ksm_device import to_date


class KsmReplacementPlan(models.TransientModel):
    """Replacement planning (Ersatzplanung): the devices older than their service life
    on a reference date, per Träger and school, with their replacement cost."""

    _name = "ksm.replacement.plan"
    _description = "Replacement planning"

    reference_date = fields.Date(
        required=True, default=lambda self: fields.Date.to_string(
            self.env["ksm.device"]._next_planning_date()),
        help="Devices older than their service life on this date are due; by default "
             "1 January of next year, the start of the next sheet.")
    partner_id = fields.Many2one("res.partner", string="Träger",
                                 domain=[("ksm_is_traeger", "=", True)],
                                 help="Leave empty to plan for all Träger.")
    school_id = fields.Many2one(
        "ksm.school", string="School", domain="[('partner_id', '=', partner_id)]",
        help="Leave empty to plan for all schools and the administration.")
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    replacement_years = fields.Integer(
        related="company_id.ksm_device_replacement_years", readonly=True,
        string="Service life (years)")
    device_ids = fields.Many2many("ksm.device", string="Devices due",
                                  compute="_compute_device_ids")
    device_count = fields.Integer(compute="_compute_device_ids")
    amount_total = fields.Monetary(string="Total replacement cost",
                                   compute="_compute_device_ids")
    sheet_year = fields.Integer(
        string="Service sheets of", compute="_compute_sheet_year",
        help="The year of the service sheets the replacements are proposed in: the year "
             "of the reference date.")

    @api.depends("reference_date")
    def _compute_sheet_year(self):
        for plan in self:
            plan.sheet_year = to_date(plan.reference_date).year if plan.reference_date \
                else 0

    @api.depends("reference_date", "partner_id", "school_id", "company_id")
    def _compute_device_ids(self):
        for plan in self:
            devices = plan._due_devices()
            plan.device_ids = devices
            plan.device_count = len(devices)
            plan.amount_total = plan.currency_id.round(
                sum(devices.mapped("replacement_cost")))

    @api.onchange("partner_id")
    def _onchange_partner_id(self):
        if self.school_id.partner_id != self.partner_id:
            self.school_id = False

    @api.multi
    def _due_devices(self):
        self.ensure_one()
        if not self.reference_date:
            return self.env["ksm.device"]
        domain = self.env["ksm.device"]._replacement_due_domain(self.reference_date)
        domain += [("company_id", "=", self.company_id.id)]
        if self.partner_id:
            domain += [("partner_id", "=", self.partner_id.id)]
        if self.school_id:
            domain += [("school_id", "=", self.school_id.id)]
        return self.env["ksm.device"].search(domain)

    @api.multi
    def _prepare_groups(self):
        """The due devices per Träger and school (the administration's devices have no
        school), each group with its devices, their ages on the reference date and the
        sum of their replacement costs."""
        self.ensure_one()
        groups = {}
        for device in self.device_ids.sorted(
                lambda d: (d.partner_id.name, d.school_id.name or "", d.purchase_date,
                           d.name)):
            key = (device.partner_id, device.school_id)
            if key not in groups:
                groups[key] = {"partner": device.partner_id, "school": device.school_id,
                               "lines": [], "amount": 0.0}
            groups[key]["lines"].append({
                "device": device, "age": device._age_at(self.reference_date)})
            groups[key]["amount"] = self.currency_id.round(
                groups[key]["amount"] + device.replacement_cost)
        return list(groups.values())

    @api.multi
    def action_propose_replacements(self):
        """Ersatz im Serviceschein des Folgejahres vorschlagen: add the due devices to
        the draft sheets of the reference date's year, school devices to the Träger's
        School IT sheet, the administration's to its administration sheet. Devices whose
        replacement a sheet of an earlier year plans already are left out.

        Everything is checked before anything is written: a sheet that is no longer a
        draft or a device without replacement service refuses the whole proposal.
        """
        self.ensure_one()
        if not self.device_ids:
            raise UserError(_("No device is due for replacement on %s.")
                            % format_date(self.env, self.reference_date))
        devices = self.device_ids.filtered(
            lambda device: not device._ksm_replacement_planned_before(self.sheet_year))
        if not devices:
            raise UserError(_(
                "The devices due for replacement on %s are all planned for replacement in "
                "service sheets of earlier years already.")
                % format_date(self.env, self.reference_date))
        without_service = devices.filtered(lambda d: not d._ksm_replacement_product())
        if without_service:
            raise UserError(_(
                "No catalogue service to propose for replacing %s. Choose the service "
                "that replaces each device (tab Replacement of the device) or a default "
                "replacement service for the company (Settings > Companies, tab KSM).")
                % ", ".join(without_service.mapped("display_name")))
        groups = OrderedDict()
        for device in devices.sorted(lambda d: (d.partner_id.name, bool(d.school_id))):
            scope = "school_it" if device.school_id else "administration"
            groups.setdefault((device.partner_id, scope), self.env["ksm.device"])
            groups[(device.partner_id, scope)] |= device
        Sheet = self.env["ksm.service.sheet"]
        for partner, scope in groups:
            sheet = Sheet._find_current(partner, self.sheet_year, scope)
            if sheet and sheet.state != "draft":
                raise UserError(sheet._ksm_not_draft_message())
        sheets = Sheet
        for (partner, scope), group in groups.items():
            sheet = Sheet._ksm_draft_for_replacements(partner, self.sheet_year, scope)
            sheet._ksm_propose_replacements(group, self.reference_date)
            sheets |= sheet
        if len(sheets) == 1:
            return sheets._get_form_action()
        return sheets._get_list_action()

    @api.multi
    def action_print(self):
        self.ensure_one()
        return self.env.ref("ksm_schul_it.action_report_replacement_plan").report_action(
            self)

    @api.multi
    def action_view_devices(self):
        self.ensure_one()
        action = self.env.ref("ksm_schul_it.ksm_device_action").read()[0]
        action["domain"] = [("id", "in", self.device_ids.ids)]
        action["context"] = {"search_default_group_partner": 1,
                             "search_default_group_school": 1}
        return action

    @api.multi
    def _din5008_information(self):
        """The information block of the plan's PDF."""
        self.ensure_one()
        rows = [(_("Reference date"), format_date(self.env, self.reference_date)),
                (_("Service life"), _("%d years") % self.replacement_years)]
        if self.partner_id.ref:
            rows.append((_("Customer no."), self.partner_id.ref))
        rows.append((_("Date"), format_date(self.env, fields.Date.context_today(self))))
        return rows
