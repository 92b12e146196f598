import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date, html_escape

from odoo.addons.ksm_base.tools import format_datetime

from .product_template import SERVICE_CATEGORIES

SHEET_SCOPES = [
    ("administration", "Administration"),
    ("school_it", "School IT"),
    ("projects", "Projects only"),
]
SHEET_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted to council"),
    ("resolved", "Resolved by council"),
    ("signed", "Signed"),
    ("active", "In force"),
    ("closed", "Closed"),
    ("superseded", "Superseded"),
]
# part of the sheet number after the Träger's code (none for administration)
SCOPE_CODES = {"administration": "", "school_it": "SIT", "projects": "PRJ"}
# what the council resolves and the Träger signs: fixed once a sheet leaves draft
CONTENT_FIELDS = {
    "partner_id", "year", "scope", "title", "line_ids", "exclusions", "currency_id",
    "financing_loan", "financing_grant", "financing_income", "financing_contributions",
    "yearly_income", "unplanned_expense", "approval_required",
}
NAME_PREFIXES = re.compile(
    r"^(Landeshauptstadt|Hansestadt|Stadt|Landkreis|Amt|Gemeinde)\s+", re.IGNORECASE)


class KsmServiceSheet(models.Model):
    """A Träger's service sheet (Serviceschein) for one year and scope.

    The sheet goes to the Träger's council as the basis of its budget, is resolved,
    signed by the Träger's signatory, is in force for its year and is closed after it.
    A change after the draft is a new revision; older revisions are kept as history.
    """

    _name = "ksm.service.sheet"
    _description = "Service sheet"
    _inherit = ["mail.thread", "mail.activity.mixin", "state.guard.mixin", "ksm.display.mixin"]
    _order = "year desc, partner_id, scope, revision desc"

    name = fields.Char(string="Number", readonly=True, copy=False, index=True,
                       track_visibility="onchange")
    title = fields.Char(
        readonly=True, states={"draft": [("readonly", False)]},
        help="What the sheet covers, as the council reads it, e.g. \"Takeover of IT "
             "operation as-is, incl. maintenance of specialised applications\".")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], readonly=True,
        states={"draft": [("readonly", False)]}, track_visibility="onchange")
    year = fields.Integer(
        required=True, index=True, readonly=True, states={"draft": [("readonly", False)]},
        default=lambda self: int(fields.Date.context_today(self)[:4]),
        track_visibility="onchange", group_operator=False)
    scope = fields.Selection(
        SHEET_SCOPES, required=True, default="administration", readonly=True,
        states={"draft": [("readonly", False)]}, track_visibility="onchange")
    state = fields.Selection(
        SHEET_STATES, string="Status", required=True, default="draft", readonly=True,
        copy=False, index=True, track_visibility="onchange")
    date_from = fields.Date(string="Valid from", compute="_compute_period", store=True)
    date_to = fields.Date(string="Valid until", compute="_compute_period", store=True)
    revision = fields.Integer(default=1, required=True, readonly=True, copy=False,
                              group_operator=False)
    previous_revision_id = fields.Many2one(
        "ksm.service.sheet", string="Previous revision", readonly=True, copy=False,
        ondelete="restrict")
    revision_ids = fields.Many2many(
        "ksm.service.sheet", string="Revisions", compute="_compute_revision_ids",
        help="All revisions of this Träger's sheet for the year and scope.")
    line_ids = fields.One2many(
        "ksm.service.sheet.line", "sheet_id", string="Services", copy=True, readonly=True,
        states={"draft": [("readonly", False)]})
    category_summary = fields.Html(
        string="Totals by category", compute="_compute_category_summary", sanitize=False)
    exclusions = fields.Text(
        readonly=True, states={"draft": [("readonly", False)]},
        default=lambda self: self._default_exclusions(),
        help="What the sheet does not cover; printed on the sheet.")
    resolution_id = fields.Many2one(
        "ksm.resolution", string="Council resolution", copy=False, ondelete="restrict",
        domain="[('partner_id', '=', partner_id)]", track_visibility="onchange")
    signed_by_id = fields.Many2one(
        "res.partner", string="Signed by", copy=False, ondelete="restrict",
        domain="[('parent_id', '=', partner_id), ('ksm_role_signatory', '=', True)]",
        track_visibility="onchange",
        help="The Träger's signatory who signed or accepted the sheet.")
    signed_by_name = fields.Char(string="Name of the signer", copy=False,
                                 track_visibility="onchange")
    signed_on = fields.Datetime(string="Signed on", copy=False, track_visibility="onchange")
    signed_ip = fields.Char(string="Signed from IP address", copy=False, readonly=True,
                            help="Recorded when the sheet is accepted in the portal.")
    company_id = fields.Many2one(
        "res.company", string="Company", required=True,
        default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(
        "res.currency", string="Currency", required=True,
        default=lambda self: self.env.user.company_id.currency_id)
    amount_expense = fields.Monetary(
        string="Expenses", compute="_compute_amounts", store=True,
        help="Planned in the Träger's Ergebnishaushalt.")
    amount_investment = fields.Monetary(
        string="Investments", compute="_compute_amounts", store=True,
        help="Planned in the Träger's Finanzhaushalt.")
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts", store=True,
                                   track_visibility="onchange")
    # the council annex "Finanzielle Auswirkungen"
    yearly_income = fields.Monetary(
        string="Yearly income", readonly=True, states={"draft": [("readonly", False)]},
        help="Income or receipts of the Träger from the services, per year.")
    financing_loan = fields.Monetary(
        string="Financed by loans", readonly=True, states={"draft": [("readonly", False)]})
    financing_grant = fields.Monetary(
        string="Financed by grants", readonly=True, states={"draft": [("readonly", False)]},
        help="Subsidies, e.g. DigitalPakt Schule.")
    financing_income = fields.Monetary(
        string="Financed by income", readonly=True, states={"draft": [("readonly", False)]})
    financing_contributions = fields.Monetary(
        string="Financed by contributions", readonly=True,
        states={"draft": [("readonly", False)]})
    financing_own_funds = fields.Monetary(
        string="Own funds", compute="_compute_financing_own_funds", store=True,
        help="What the Träger pays from its own funds: the sheet's total less loans, "
             "grants, income and contributions.")
    unplanned_expense = fields.Boolean(
        string="Unplanned or extraordinary expense", readonly=True,
        states={"draft": [("readonly", False)]},
        help="Über- oder außerplanmäßige Aufwendung/Auszahlung.")
    approval_required = fields.Boolean(
        string="Needs approval", readonly=True, states={"draft": [("readonly", False)]},
        help="The expense needs the approval of the supervisory authority.")

    _sql_constraints = [
        ("partner_year_scope_revision_unique", "unique(partner_id, year, scope, revision)",
         "A Träger has one service sheet per year, scope and revision."),
    ]

    @api.model
    def _default_exclusions(self):
        return _("Not included: printing and scanning services, IT workplaces of branch "
                 "offices (Außenstellen).")

    @api.depends("year")
    def _compute_period(self):
        for sheet in self:
            sheet.date_from = "%04d-01-01" % sheet.year if sheet.year else False
            sheet.date_to = "%04d-12-31" % sheet.year if sheet.year else False

    @api.depends("partner_id", "year", "scope")
    def _compute_revision_ids(self):
        for sheet in self:
            sheet.revision_ids = self.search([
                ("partner_id", "=", sheet.partner_id.id), ("year", "=", sheet.year),
                ("scope", "=", sheet.scope)], order="revision desc")

    @api.depends("line_ids.subtotal", "line_ids.budget_type", "currency_id")
    def _compute_amounts(self):
        for sheet in self:
            currency = sheet.currency_id
            expense = sum(sheet.line_ids.filtered(
                lambda line: line.budget_type == "expense").mapped("subtotal"))
            investment = sum(sheet.line_ids.filtered(
                lambda line: line.budget_type == "investment").mapped("subtotal"))
            sheet.amount_expense = currency.round(expense)
            sheet.amount_investment = currency.round(investment)
            sheet.amount_total = currency.round(expense + investment)

    @api.depends("amount_total", "financing_loan", "financing_grant", "financing_income",
                 "financing_contributions")
    def _compute_financing_own_funds(self):
        for sheet in self:
            sheet.financing_own_funds = sheet.currency_id.round(
                sheet.amount_total - sheet._financing_by_others())

    @api.depends("line_ids.subtotal", "line_ids.category", "line_ids.budget_type")
    def _compute_category_summary(self):
        for sheet in self:
            sheet.category_summary = self.env["ir.qweb"].render(
                "ksm_services.service_sheet_category_totals",
                {"sheet": sheet, "category_totals": sheet._get_category_totals()}
            ).decode("utf-8")

    @api.constrains("year")
    def _check_year(self):
        for sheet in self:
            if not 2000 <= sheet.year <= 2099:
                raise ValidationError(_("The year %s is not a valid budget year (2000 to "
                                        "2099).") % sheet.year)

    @api.constrains("resolution_id", "partner_id")
    def _check_resolution_id(self):
        for sheet in self.filtered("resolution_id"):
            if sheet.resolution_id.partner_id != sheet.partner_id:
                raise ValidationError(_(
                    "The resolution %s was passed for %s, not for %s. Choose a resolution "
                    "of the council of %s.") % (
                    sheet.resolution_id.name, sheet.resolution_id.partner_id.display_name,
                    sheet.partner_id.display_name, sheet.partner_id.display_name))

    @api.constrains("amount_total", "financing_loan", "financing_grant", "financing_income",
                    "financing_contributions")
    def _check_financing(self):
        for sheet in self:
            others = [sheet.financing_loan, sheet.financing_grant, sheet.financing_income,
                      sheet.financing_contributions]
            if any(amount < 0 for amount in others):
                raise ValidationError(_("The financing amounts of service sheet %s cannot be "
                                        "negative.") % sheet.name)
            if sheet.currency_id.compare_amounts(
                    sheet._financing_by_others(), sheet.amount_total) > 0:
                raise ValidationError(_(
                    "Loans, grants, income and contributions of service sheet %s exceed its "
                    "total.") % sheet.name)

    @api.model
    def create(self, vals):
        sheet = super(KsmServiceSheet, self).create(vals)
        sheet.name = sheet._prepare_name()
        return sheet

    @api.multi
    def write(self, vals):
        if CONTENT_FIELDS.intersection(vals):
            for sheet in self.filtered(lambda sheet: sheet.state != "draft"):
                raise UserError(_(
                    "Service sheet %s is %s: its contents can no longer be changed. Create "
                    "a new revision instead.") % (sheet.name, sheet._state_label()))
        result = super(KsmServiceSheet, self).write(vals)
        if {"partner_id", "year", "scope"}.intersection(vals):
            for sheet in self:
                sheet.name = sheet._prepare_name()
        return result

    @api.multi
    def unlink(self):
        for sheet in self.filtered(lambda sheet: sheet.state != "draft"):
            raise UserError(_("Only drafts can be deleted; service sheet %s is %s.") % (
                sheet.name, sheet._state_label()))
        return super(KsmServiceSheet, self).unlink()

    @api.multi
    def _prepare_name(self):
        """The sheet number, e.g. SS-2021-LÜB-V1 or SS-2021-LÜB-SIT-V2."""
        self.ensure_one()
        partner = self.partner_id
        code = (partner.ref or NAME_PREFIXES.sub("", partner.name or "")[:3]).upper()
        parts = ["SS", str(self.year), code, SCOPE_CODES[self.scope], "V%d" % self.revision]
        return "-".join(part for part in parts if part)

    @api.multi
    def _financing_by_others(self):
        self.ensure_one()
        return (self.financing_loan + self.financing_grant + self.financing_income
                + self.financing_contributions)

    @api.model
    def _find_current(self, partner, year, scope):
        """The newest revision of a Träger's sheet that is not superseded, if any."""
        return self.search([
            ("partner_id", "=", partner.id), ("year", "=", year), ("scope", "=", scope),
            ("state", "!=", "superseded")], order="revision desc", limit=1)

    @api.multi
    def _get_category_totals(self):
        """Totals per category and budget type, in the catalogue's order of categories.

        :return: list of dicts with category, category_label, budget_type,
            budget_type_label, lines, amount
        """
        self.ensure_one()
        Line = self.env["ksm.service.sheet.line"]
        env = self.env if self.env.lang else self.with_context(lang=self.env.user.lang).env
        category_labels = dict(Line._fields["category"]._description_selection(env))
        budget_labels = dict(Line._fields["budget_type"]._description_selection(env))
        totals = []
        for category, __ in SERVICE_CATEGORIES:
            for budget_type in ("expense", "investment"):
                lines = self.line_ids.filtered(
                    lambda line: line.category == category and line.budget_type == budget_type)
                if lines:
                    totals.append({
                        "category": category,
                        "category_label": category_labels[category],
                        "budget_type": budget_type,
                        "budget_type_label": budget_labels[budget_type],
                        "lines": lines,
                        "amount": self.currency_id.round(sum(lines.mapped("subtotal"))),
                    })
        return totals

    @api.multi
    def _prepare_annex_values(self):
        """The figures of the council annex "Finanzielle Auswirkungen" for the sheet's year.

        Total cost counts one-time costs (e.g. the migration) with their full amount over
        all years; the current budget year gets this sheet's total; yearly are the
        recurring services. Expenses go to the Ergebnishaushalt, investments to the
        Finanzhaushalt, each on the Träger's product account for the category.
        """
        self.ensure_one()
        currency = self.currency_id
        onetime_lines = self.line_ids.filtered("onetime_cost_id")
        total_cost = (self.amount_total - sum(onetime_lines.mapped("subtotal"))
                      + sum(onetime_lines.mapped("onetime_cost_id.amount_total")))
        recurring = self.line_ids.filtered(lambda line: line.billing_rhythm != "once")
        accounts = []
        for total in self._get_category_totals():
            account = self.env["ksm.budget.account"].search([
                ("partner_id", "=", self.partner_id.id), ("category", "=", total["category"]),
                ("budget_type", "=", total["budget_type"])], limit=1)
            accounts.append(dict(total, code=account.code, description=account.description))
        return {
            "total_cost": currency.round(total_cost),
            "amount_budget_year": self.amount_total,
            "amount_yearly": currency.round(sum(recurring.mapped("subtotal"))),
            "yearly_income": self.yearly_income,
            "own_funds": self.financing_own_funds,
            "loan": self.financing_loan,
            "grant": self.financing_grant,
            "income": self.financing_income,
            "contributions": self.financing_contributions,
            "in_result_budget": any(line.budget_type == "expense" for line in self.line_ids),
            "in_financial_budget": any(
                line.budget_type == "investment" for line in self.line_ids),
            "unplanned_expense": self.unplanned_expense,
            "approval_required": self.approval_required,
            "accounts": accounts,
        }

    # ------------------------------------------------------------------ workflow

    @api.multi
    def action_submit(self):
        for sheet in self:
            if sheet.state != "draft":
                raise UserError(_(
                    "Only a draft can be submitted to the council; service sheet %s is %s.")
                    % (sheet.name, sheet._state_label()))
            if not sheet.line_ids:
                raise UserError(_(
                    "Service sheet %s has no services. Add its lines before submitting it "
                    "to the council.") % sheet.name)
        self._set_state("submitted")
        return True

    @api.multi
    def action_back_to_draft(self):
        """The council sent the sheet back before resolving it."""
        for sheet in self:
            if sheet.state != "submitted":
                raise UserError(_(
                    "Only a sheet submitted to the council can be set back to draft; "
                    "service sheet %s is %s.") % (sheet.name, sheet._state_label()))
        self._set_state("draft")
        return True

    @api.multi
    def action_resolve(self):
        for sheet in self:
            if sheet.state != "submitted":
                raise UserError(_(
                    "Only a sheet submitted to the council can be marked as resolved; "
                    "service sheet %s is %s.") % (sheet.name, sheet._state_label()))
            if not sheet.resolution_id:
                raise UserError(_(
                    "Enter the resolution of the council of %s that approved service sheet "
                    "%s before marking it as resolved.") % (
                    sheet.partner_id.display_name, sheet.name))
        self._set_state("resolved")
        return True

    @api.multi
    def action_sign(self):
        """Record the signature on paper of the signatory entered on the sheet."""
        for sheet in self:
            if sheet.state == "resolved" and not sheet.signed_by_id:
                raise UserError(_(
                    "Enter who signed service sheet %s: a contact of %s marked as "
                    "signatory.") % (sheet.name, sheet.partner_id.display_name))
            sheet._record_acceptance(
                sheet.signed_by_id, sheet.signed_by_name or sheet.signed_by_id.name,
                signed_on=sheet.signed_on)
        return True

    @api.multi
    def _record_acceptance(self, signatory, signer_name, ip_address=None, signed_on=None):
        """The Träger's signatory accepts the resolved sheet: it is signed.

        Used by the back office (signature on paper) and the portal (acceptance with
        the signer's IP address).
        """
        self.ensure_one()
        if self.state != "resolved":
            raise UserError(_(
                "Only a sheet resolved by the council can be signed; service sheet %s is %s.")
                % (self.name, self._state_label()))
        if not signatory.ksm_role_signatory or \
                signatory.commercial_partner_id != self.partner_id:
            raise UserError(_(
                "%s may not sign service sheet %s: only a contact of %s marked as signatory "
                "can.") % (signatory.name, self.name, self.partner_id.display_name))
        signer_name = (signer_name or "").strip()
        if not signer_name:
            raise UserError(_("Enter the name of the person who signs service sheet %s.")
                            % self.name)
        self._set_state("signed", {
            "signed_by_id": signatory.id,
            "signed_by_name": signer_name,
            "signed_on": signed_on or fields.Datetime.now(),
            "signed_ip": ip_address or False,
        })
        if ip_address:
            body = _("Accepted in the portal by %s from IP address %s.") % (
                html_escape(signer_name), html_escape(ip_address))
        else:
            body = _("Signed by %s.") % html_escape(signer_name)
        self.message_post(body=body, author_id=signatory.id)
        return True

    @api.multi
    def action_activate(self):
        today = fields.Date.context_today(self)
        for sheet in self:
            if sheet.state != "signed":
                raise UserError(_(
                    "Only a signed sheet can be activated; service sheet %s is %s.") % (
                    sheet.name, sheet._state_label()))
            if today < sheet.date_from:
                raise UserError(_(
                    "Service sheet %s is for %s; it can be activated from %s on.") % (
                    sheet.name, sheet.year, format_date(
                        self.env, sheet.date_from, lang_code=self.env.user.lang)))
        self._set_state("active")
        for sheet in self:
            older = self.search([
                ("partner_id", "=", sheet.partner_id.id), ("year", "=", sheet.year),
                ("scope", "=", sheet.scope), ("revision", "<", sheet.revision),
                ("state", "in", ("signed", "active"))])
            if older:
                older._set_state("superseded")
                for old in older:
                    old.message_post(body=_("Superseded by revision %s.")
                                     % html_escape(sheet.name))
        return True

    @api.multi
    def action_close(self):
        for sheet in self:
            if sheet.state != "active":
                raise UserError(_(
                    "Only an active sheet can be closed; service sheet %s is %s.") % (
                    sheet.name, sheet._state_label()))
        self._set_state("closed")
        return True

    @api.multi
    def action_revise(self):
        """A new draft revision; the current one stays in force until the new one is
        activated (or is superseded now when it was not signed yet)."""
        self.ensure_one()
        if self.state not in ("submitted", "resolved", "signed", "active"):
            raise UserError(_(
                "Only a submitted, resolved, signed or active sheet can be revised; service "
                "sheet %s is %s. Change a draft directly.") % (self.name, self._state_label()))
        newer = self.search([
            ("partner_id", "=", self.partner_id.id), ("year", "=", self.year),
            ("scope", "=", self.scope), ("revision", ">", self.revision)],
            order="revision desc", limit=1)
        if newer:
            raise UserError(_("Service sheet %s already has a newer revision: %s.") % (
                self.name, newer.name))
        revision = self.copy({"revision": self.revision + 1, "previous_revision_id": self.id})
        if self.state in ("submitted", "resolved"):
            self._set_state("superseded")
        self.message_post(body=_("New revision %s created.") % html_escape(revision.name))
        revision.message_post(body=_("Revision of %s.") % html_escape(self.name))
        return revision._get_form_action()

    @api.multi
    def action_copy_to_next_year(self):
        """A draft for the next year with the next year's catalogue prices, titled for
        that year.

        One-time costs are not copied: the next year gets the shares planned for it.
        Services billed once (e.g. a replacement of old PCs) are not copied either, so
        they are not budgeted twice; reserves are planned every year and are copied.
        """
        self.ensure_one()
        if self.state == "superseded":
            raise UserError(_(
                "Service sheet %s is superseded; copy its current revision instead.")
                % self.name)
        next_year = self.year + 1
        existing = self.search([
            ("partner_id", "=", self.partner_id.id), ("year", "=", next_year),
            ("scope", "=", self.scope)], limit=1)
        if existing:
            raise UserError(_("There is already a service sheet for %s in %s: %s.") % (
                self.partner_id.display_name, next_year, existing.name))
        line_commands = [
            (0, 0, line._prepare_next_year_values(next_year))
            for line in self.line_ids.filtered(lambda line: line._copied_to_next_year())]
        copy = self.copy({"year": next_year, "previous_revision_id": False,
                          "title": self._next_year_title(next_year),
                          "line_ids": line_commands})
        shares = self.env["ksm.onetime.cost.share"].search([
            ("cost_id.partner_id", "=", self.partner_id.id),
            ("cost_id.scope", "=", self.scope), ("year", "=", next_year)])
        shares._apply_to_sheet(copy)
        copy.message_post(body=_("Copied from %s with the prices of %s.") % (
            html_escape(self.name), next_year))
        return copy._get_form_action()

    @api.multi
    def _next_year_title(self, next_year):
        """The title for ``next_year``: "Serviceschein 2022: ..." becomes
        "Serviceschein 2023: ..."; a title without the sheet's year is kept."""
        self.ensure_one()
        if not self.title:
            return False
        return re.sub(r"(?<!\d)%d(?!\d)" % self.year, str(next_year), self.title)

    @api.multi
    def action_view_lines_analysis(self):
        action = self.env.ref("ksm_services.action_ksm_service_sheet_line_analysis").read()[0]
        action["domain"] = [("sheet_id", "in", self.ids)]
        action["context"] = {"pivot_row_groupby": ["category"],
                             "pivot_column_groupby": ["budget_type"]}
        return action

    @api.multi
    def _get_list_action(self):
        action = self.env.ref("ksm_services.action_ksm_service_sheet").read()[0]
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {}
        return action

    @api.multi
    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.multi
    def _din5008_information(self):
        """The information block of the sheet's documents (service sheet, annex)."""
        self.ensure_one()
        labels = {name: dict(self._fields[name]._description_selection(self.env))
                  for name in ("scope", "state")}
        rows = [(_("Service sheet"), self.name), (_("Budget year"), str(self.year)),
                (_("Scope"), labels["scope"].get(self.scope, "")),
                (_("Revision"), str(self.revision)),
                (_("Status"), labels["state"].get(self.state, ""))]
        if self.partner_id.ref:
            rows.append((_("Customer no."), self.partner_id.ref))
        rows.append((_("Date"), format_date(self.env, fields.Date.context_today(self))))
        return rows

    @api.multi
    def _signed_on_text(self):
        """When the sheet was signed, in local time with its zone (the legal record of
        the acceptance), e.g. 21.11.2026 11:51:09 MEZ."""
        self.ensure_one()
        return format_datetime(self.env, self.signed_on, seconds=True, with_zone=True)
