from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date


class KsmServiceSheet(models.Model):
    """School IT sheets: totals per school, investments financed by grants, and the
    replacements the replacement planning proposes.

    Grants linked to investment lines count as financing by grants (Förderung) beside
    the grants entered on the sheet by hand; the own funds are what remains.
    """

    _inherit = "ksm.service.sheet"

    ksm_grant_amount = fields.Monetary(
        string="Grants on investments", compute="_compute_ksm_grant_amount", store=True,
        help="The part of the sheet's investments that grants linked to the lines pay.")
    ksm_school_summary = fields.Html(
        string="Totals by school", compute="_compute_ksm_school_summary", sanitize=False)
    ksm_has_school_lines = fields.Boolean(
        string="Has lines for schools", compute="_compute_ksm_school_summary")

    @api.depends("line_ids.ksm_grant_amount", "currency_id")
    def _compute_ksm_grant_amount(self):
        for sheet in self:
            sheet.ksm_grant_amount = sheet.currency_id.round(
                sum(sheet.line_ids.mapped("ksm_grant_amount")))

    @api.depends("ksm_grant_amount")
    def _compute_financing_own_funds(self):
        return super()._compute_financing_own_funds()

    @api.depends("line_ids.subtotal", "line_ids.ksm_school_id", "line_ids.budget_type",
                 "line_ids.ksm_grant_amount")
    def _compute_ksm_school_summary(self):
        for sheet in self:
            school_totals = sheet._get_school_totals()
            sheet.ksm_has_school_lines = bool(school_totals)
            sheet.ksm_school_summary = self.env["ir.qweb"].render(
                "ksm_schul_it.service_sheet_school_totals",
                {"sheet": sheet, "school_totals": school_totals}
            ).decode("utf-8") if school_totals else False

    @api.constrains("scope")
    def _check_ksm_scope(self):
        self.mapped("line_ids")._check_ksm_school_id()

    @api.constrains("ksm_grant_amount")
    def _check_ksm_grant_amount(self):
        self._check_financing()

    @api.multi
    def _financing_by_others(self):
        return super()._financing_by_others() + self.ksm_grant_amount

    @api.multi
    def _prepare_annex_values(self):
        """The annex counts the grants linked to investment lines as grants too, and
        lists them one by one."""
        values = super()._prepare_annex_values()
        values["grant"] = self.currency_id.round(values["grant"] + self.ksm_grant_amount)
        values["grants"] = self._get_grant_totals()
        return values

    @api.multi
    def _get_school_totals(self):
        """Expenses, investments, grants and own funds per school, in the order of the
        schools' names; lines for no school in particular last (``school`` empty).
        Empty when no line names a school.

        :return: list of dicts with school, lines, expense, investment, total, grant,
            own_funds
        """
        self.ensure_one()
        schools = self.line_ids.mapped("ksm_school_id")
        if not schools:
            return []
        no_school = self.env["ksm.school"]
        totals = []
        for school in list(schools.sorted(lambda s: (s.name, s.id))) + [no_school]:
            lines = self.line_ids.filtered(lambda line: line.ksm_school_id == school)
            if lines:
                totals.append(dict(self._ksm_amounts_of(lines), school=school, lines=lines))
        return totals

    @api.multi
    def _ksm_amounts_of(self, lines):
        """Expenses, investments, total, grants and own funds of some of the lines."""
        self.ensure_one()
        round_ = self.currency_id.round
        expense = sum(lines.filtered(
            lambda line: line.budget_type == "expense").mapped("subtotal"))
        investment = sum(lines.filtered(
            lambda line: line.budget_type == "investment").mapped("subtotal"))
        grant = sum(lines.mapped("ksm_grant_amount"))
        return {
            "expense": round_(expense),
            "investment": round_(investment),
            "total": round_(expense + investment),
            "grant": round_(grant),
            "own_funds": round_(expense + investment - grant),
        }

    @api.multi
    def _get_grant_totals(self):
        """The grants linked to the sheet's lines with the investment they finance and
        the amount they pay of it.

        :return: list of dicts with grant, programme, school, investment, amount
        """
        self.ensure_one()
        totals = []
        for grant in self.line_ids.mapped("ksm_grant_id").sorted(lambda g: (g.name, g.id)):
            lines = self.line_ids.filtered(lambda line: line.ksm_grant_id == grant)
            totals.append({
                "grant": grant,
                "programme": grant.programme_id,
                "school": grant.school_id,
                "investment": self.currency_id.round(sum(lines.mapped("subtotal"))),
                "amount": self.currency_id.round(sum(lines.mapped("ksm_grant_amount"))),
            })
        return totals

    @api.multi
    def action_copy_to_next_year(self):
        """Replacements proposed for devices are planned once: they are not copied."""
        action = super().action_copy_to_next_year()
        copy = self.browse(action["res_id"])
        copy.line_ids.filtered("ksm_device_ids").unlink()
        return action

    @api.multi
    def action_view_schools_analysis(self):
        action = self.action_view_lines_analysis()
        action["context"] = {"pivot_row_groupby": ["ksm_school_id"],
                             "pivot_column_groupby": ["budget_type"]}
        return action

    # ------------------------------------------------------------------ replacements

    @api.multi
    def _ksm_propose_replacements(self, devices, reference_date):
        """Add replacement lines for ``devices`` (due for replacement on
        ``reference_date``) to this draft sheet, one line per school, service and unit
        price with the number of devices as quantity.

        Devices already on a line of the sheet are left out, so proposing twice adds
        nothing twice.

        :return: the devices added
        """
        self.ensure_one()
        if self.state != "draft":
            raise UserError(self._ksm_not_draft_message())
        sheet = self.with_context(lang=self.partner_id.lang or self.env.lang)
        new = devices - self.line_ids.mapped("ksm_device_ids")
        groups = OrderedDict()
        for device in new.sorted(lambda d: (d.school_id.name or "", d.purchase_date,
                                            d.name, d.id)):
            key = (device.school_id, device._ksm_replacement_product(),
                   self.currency_id.round(device._ksm_replacement_price(self.year)))
            groups.setdefault(key, self.env["ksm.device"])
            groups[key] |= device
        for (school, product, price), group in groups.items():
            line = self.line_ids.filtered(
                lambda line: line.ksm_device_ids and line.ksm_school_id == school
                and line.product_id == product
                and not self.currency_id.compare_amounts(line.price_unit, price))[:1]
            if line:
                line.write({"quantity": line.quantity + len(group),
                            "ksm_device_ids": [(4, device.id) for device in group]})
            else:
                self.env["ksm.service.sheet.line"].create(
                    sheet._ksm_prepare_replacement_line(school, product, price, group))
        if new:
            sheet.message_post(body=_(
                "Replacement planning on %s: %d devices due for replacement proposed.")
                % (format_date(self.env, reference_date, lang_code=sheet.env.lang),
                   len(new)))
        return new

    @api.multi
    def _ksm_prepare_replacement_line(self, school, product, price, devices):
        """Values of a sheet line that replaces ``devices`` of ``school`` (none for the
        administration) with the catalogue service ``product`` at ``price`` each."""
        self.ensure_one()
        return {
            "sheet_id": self.id,
            "sequence": 100,
            "product_id": product.id,
            "name": _("%s for devices older than %d years") % (
                product.name, self.company_id.ksm_device_replacement_years),
            "quantity": len(devices),
            "price_unit": price,
            "ksm_school_id": school.id,
            "ksm_device_ids": [(6, 0, devices.ids)],
        }

    @api.multi
    def _ksm_not_draft_message(self):
        self.ensure_one()
        return _(
            "Service sheet %s of %s for %s is %s: replacements can only be proposed in a "
            "draft. Create a new revision of the sheet and propose them there.") % (
            self.name, self.partner_id.display_name, self.year, self._state_label())

    @api.model
    def _ksm_draft_for_replacements(self, partner, year, scope):
        """The Träger's draft sheet of ``year`` and ``scope`` to propose replacements
        in: the current one, or a new one copied from the year before (with the new
        year's prices), or an empty one."""
        sheet = self._find_current(partner, year, scope)
        if sheet:
            if sheet.state != "draft":
                raise UserError(sheet._ksm_not_draft_message())
            return sheet
        previous = self._find_current(partner, year - 1, scope)
        if previous:
            previous.action_copy_to_next_year()
            return self._find_current(partner, year, scope)
        return self.create(self._ksm_prepare_replacement_sheet(partner, year, scope))

    @api.model
    def _ksm_prepare_replacement_sheet(self, partner, year, scope):
        """Values of an empty draft sheet, titled in the Träger's language."""
        sheet = self.with_context(lang=partner.lang or self.env.lang)
        scope_label = dict(sheet._fields["scope"]._description_selection(sheet.env))[scope]
        return {
            "partner_id": partner.id,
            "year": year,
            "scope": scope,
            "title": sheet._ksm_sheet_title(year, scope_label),
        }

    @api.model
    def _ksm_sheet_title(self, year, scope_label):
        return _("Service sheet %d %s") % (year, scope_label)
