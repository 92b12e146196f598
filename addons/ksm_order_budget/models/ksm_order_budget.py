import re

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date, html_escape

from odoo.addons.ksm_base.tools import local_today

from odoo.addons.ksm_services.models.ksm_service_sheet import SHEET_SCOPES, SHEET_STATES

# consumption (in percent of the budget) from which KSM's responsible is warned, once
WARNING_THRESHOLD = 80.0
# states of the service sheet in which its order budget may be drawn on
OPEN_SHEET_STATES = ("signed", "active")


class KsmOrderBudget(models.Model):
    """A Träger's order budget (Auftragsbudget) of one year, planned in its service sheet.

    The amount is the total of the sheet's order-budget lines. The Träger draws on it by
    calls (ksm.order.call); the calls are the only thing that consumes the budget, and
    every timesheet counts for exactly one call (see ksm.order.call). The budget is
    created when a sheet with an order-budget line is signed and follows the sheet's
    revisions: it belongs to the revision in force.
    """

    _name = "ksm.order.budget"
    _description = "Order budget"
    _inherit = ["mail.thread", "mail.activity.mixin", "ksm.display.mixin"]
    _order = "year desc, partner_id"

    name = fields.Char(string="Number", compute="_compute_name", store=True, index=True)
    sheet_id = fields.Many2one(
        "ksm.service.sheet", string="Service sheet", required=True, readonly=True,
        index=True, ondelete="restrict", track_visibility="onchange",
        help="The revision of the service sheet in force that plans the budget.")
    partner_id = fields.Many2one(related="sheet_id.partner_id", string="Träger",
                                 readonly=True, store=True, index=True)
    year = fields.Integer(related="sheet_id.year", readonly=True, store=True,
                          group_operator=False)
    scope = fields.Selection(SHEET_SCOPES, related="sheet_id.scope", readonly=True,
                             store=True)
    sheet_state = fields.Selection(SHEET_STATES, related="sheet_id.state",
                                   string="Status of the service sheet", readonly=True)
    is_open = fields.Boolean(
        string="Open for calls", compute="_compute_is_open",
        help="Calls can be requested and approved in the budget's year while the service "
             "sheet is signed or in force.")
    closed_reason = fields.Char(
        string="Why closed for calls", compute="_compute_is_open")
    company_id = fields.Many2one(related="sheet_id.company_id", readonly=True, store=True)
    currency_id = fields.Many2one(related="sheet_id.currency_id", readonly=True, store=True)
    user_id = fields.Many2one(
        "res.users", string="Responsible at KSM", track_visibility="onchange",
        help="Is warned when %d %% of the budget are consumed." % WARNING_THRESHOLD)
    amount = fields.Monetary(
        string="Budget amount", compute="_compute_amount", store=True, compute_sudo=True,
        help="The order-budget lines of the service sheet.")
    amount_consumed = fields.Monetary(
        string="Consumed", compute="_compute_consumption", store=True, compute_sudo=True,
        help="What the approved, done and invoiced calls consume: an approved call its "
             "amount (or its timesheets, once they exceed it), a done or invoiced call its "
             "timesheets at the catalogue rate, or its amount when it has none.")
    amount_remaining = fields.Monetary(
        string="Remaining", compute="_compute_consumption", store=True, compute_sudo=True)
    consumption_percent = fields.Float(
        string="Consumed (%)", compute="_compute_consumption", store=True,
        compute_sudo=True, digits=(16, 1), group_operator=False)
    amount_requested = fields.Monetary(
        string="Awaiting approval", compute="_compute_consumption", store=True,
        compute_sudo=True, help="Requested calls the Träger's signatory has not approved yet.")
    call_ids = fields.One2many("ksm.order.call", "budget_id", string="Calls")
    call_count = fields.Integer(string="Number of calls", compute="_compute_call_count")
    project_ids = fields.Many2many(
        "project.project", string="Projects", compute="_compute_project_ids",
        help="Projects financed by calls on this budget.")
    warning_sent = fields.Boolean(
        string="Consumption warning given", readonly=True, copy=False,
        help="KSM's responsible was warned that %d %% of the budget are consumed."
             % WARNING_THRESHOLD)

    _sql_constraints = [
        ("sheet_unique", "unique(sheet_id)", "A service sheet has one order budget."),
        ("partner_year_scope_unique", "unique(partner_id, year, scope)",
         "A Träger has one order budget per year and scope."),
    ]

    @api.depends("sheet_id.name")
    def _compute_name(self):
        for budget in self:
            # SS-2021-LÜB-V1 -> AB-2021-LÜB: the sheet's number without the revision
            budget.name = re.sub(r"^SS-(.+)-V\d+$", r"AB-\1", budget.sheet_id.name or "")

    @api.depends("sheet_id.state", "year")
    def _compute_is_open(self):
        today = local_today()
        for budget in self:
            budget.closed_reason = budget._closed_reason(today)
            budget.is_open = not budget.closed_reason

    @api.depends("sheet_id.line_ids.subtotal", "sheet_id.line_ids.category")
    def _compute_amount(self):
        for budget in self:
            lines = budget.sheet_id.line_ids.filtered(
                lambda line: line.category == "order_budget")
            budget.amount = budget.currency_id.round(sum(lines.mapped("subtotal")))

    @api.depends("amount", "call_ids.amount_consumed", "call_ids.amount", "call_ids.state")
    def _compute_consumption(self):
        for budget in self:
            currency = budget.currency_id
            consumed = currency.round(sum(budget.call_ids.mapped("amount_consumed")))
            budget.amount_consumed = consumed
            budget.amount_remaining = currency.round(budget.amount - consumed)
            budget.consumption_percent = (
                100.0 * consumed / budget.amount if budget.amount else 0.0)
            budget.amount_requested = currency.round(sum(budget.call_ids.filtered(
                lambda call: call.state == "requested").mapped("amount")))

    @api.depends("call_ids")
    def _compute_call_count(self):
        for budget in self:
            budget.call_count = len(budget.call_ids)

    @api.depends("call_ids.project_id")
    def _compute_project_ids(self):
        for budget in self:
            budget.project_ids = budget.call_ids.mapped("project_id")

    @api.multi
    def name_get(self):
        return [(budget.id, "%s %s" % (budget.name, budget.partner_id.name or ""))
                for budget in self]

    @api.model
    def _name_search(self, name, args=None, operator="ilike", limit=100, name_get_uid=None):
        args = list(args or [])
        if name:
            args += ["|", ("name", operator, name), ("partner_id.name", operator, name)]
        return self.search(args, limit=limit).name_get()

    # ------------------------------------------------------------------ drawing on it

    @api.multi
    def _closed_reason(self, day):
        """Why no call can be requested or approved on ``day`` (a date), else False.

        A call belongs to the budget of its year: a past year's budget is not drawn on
        any more, a coming year's not yet.
        """
        self.ensure_one()
        if self.sheet_state not in OPEN_SHEET_STATES:
            return _(
                "Order budget %s cannot be drawn on: its service sheet %s is %s. Calls are "
                "possible once the sheet is signed and while it is in force.") % (
                self.name, self.sheet_id.name, self.sheet_id._state_label())
        if day.year != self.year:
            return _(
                "Order budget %(budget)s is the budget of %(year)s: its calls are requested "
                "and approved in %(year)s, not on %(day)s.") % {
                "budget": self.name, "year": self.year, "day": format_date(self.env, day)}
        return False

    @api.multi
    def _check_open(self, day=None):
        """Refuse calls on a budget closed for them on ``day`` (default: today in Berlin)."""
        for budget in self:
            reason = budget._closed_reason(day or local_today())
            if reason:
                raise UserError(reason)

    @api.multi
    def _check_available(self, amount, description):
        """Refuse to draw ``amount`` when less remains in the budget.

        The budget's row is locked first: of two calls checked at the same time the second
        waits for the first; when the first changed the budget, PostgreSQL refuses the
        second's lock (serialization failure) and Odoo runs its request again, which then
        sees what remains after the first.
        """
        self.ensure_one()
        self.env.cr.execute(
            "SELECT id FROM ksm_order_budget WHERE id = %s FOR UPDATE", [self.id])
        self.invalidate_cache(["amount_consumed", "amount_remaining"], self.ids)
        if self.currency_id.compare_amounts(amount, self.amount_remaining) > 0:
            raise UserError(_(
                "Only %(remaining)s remain in order budget %(budget)s: the call \"%(call)s\" "
                "of %(amount)s exceeds it.") % {
                "remaining": self._format_amount(max(self.amount_remaining, 0.0)),
                "budget": self.name, "call": description,
                "amount": self._format_amount(amount)})

    @api.multi
    def _request_call(self, description, amount, requested_by, note=None):
        """A call requested by a contact of the Träger (portal)."""
        self.ensure_one()
        return self.env["ksm.order.call"].create({
            "budget_id": self.id,
            "name": description,
            "amount": amount,
            "note": note or False,
            "requested_by_id": requested_by.id,
        })

    @api.multi
    def _check_consumption_warning(self):
        """Warn KSM's responsible once when a budget is consumed to 80 % or more."""
        for budget in self.sudo():
            threshold = budget.amount * WARNING_THRESHOLD / 100.0
            if budget.warning_sent or not budget.amount or budget.currency_id.compare_amounts(
                    budget.amount_consumed, threshold) < 0:
                continue
            user = budget.user_id or budget.sheet_id.create_uid
            self.env["mail.activity"].sudo().create(
                budget.with_context(lang=user.lang)._prepare_warning_activity(user))
            budget.warning_sent = True

    @api.multi
    def _prepare_warning_activity(self, user):
        """The activity that warns ``user`` of the consumption, in the user's language."""
        self.ensure_one()
        return {
            "res_model_id": self.env["ir.model"]._get(self._name).id,
            "res_id": self.id,
            "activity_type_id": self.env.ref(
                "ksm_order_budget.mail_activity_type_order_budget_warning").id,
            "user_id": user.id,
            "date_deadline": fields.Date.context_today(self),
            "summary": _("Order budget %d %% consumed") % WARNING_THRESHOLD,
            "note": _("%(consumed)s of %(amount)s of order budget %(budget)s (%(traeger)s) are "
                      "consumed; %(remaining)s remain.") % {
                "consumed": self._format_amount(self.amount_consumed),
                "amount": self._format_amount(self.amount), "budget": self.name,
                "traeger": self.partner_id.name,
                "remaining": self._format_amount(self.amount_remaining)},
        }

    # ------------------------------------------------------------------ buttons

    @api.multi
    def action_view_calls(self):
        self.ensure_one()
        action = self.env.ref("ksm_order_budget.action_ksm_order_call").read()[0]
        action["domain"] = [("budget_id", "=", self.id)]
        action["context"] = {"default_budget_id": self.id}
        return action

    @api.multi
    def action_view_projects(self):
        self.ensure_one()
        action = self.env.ref("ksm_order_budget.action_ksm_project_budget").read()[0]
        action["domain"] = [("id", "in", self.project_ids.ids)]
        return action


class KsmServiceSheet(models.Model):
    """The order budget of a service sheet."""

    _inherit = "ksm.service.sheet"

    order_budget_ids = fields.One2many("ksm.order.budget", "sheet_id",
                                       string="Order budget")

    @api.multi
    def write(self, vals):
        result = super(KsmServiceSheet, self).write(vals)
        if vals.get("state") in OPEN_SHEET_STATES:
            self._sync_order_budget()
        return result

    @api.model
    def _sync_order_budgets_of_open_sheets(self):
        """The sheets signed before this module was installed get their order budgets
        (called at installation)."""
        self.search([("state", "in", OPEN_SHEET_STATES)]).sorted(
            lambda sheet: (sheet.year, sheet.revision))._sync_order_budget()
        return True

    @api.multi
    def _sync_order_budget(self):
        """Give a signed sheet with an order-budget line its order budget.

        A Träger has one order budget per year and scope: a later revision takes it over
        when it comes into force, with the calls made so far.
        """
        Budget = self.env["ksm.order.budget"]
        for sheet in self:
            if not sheet.line_ids.filtered(lambda line: line.category == "order_budget"):
                continue
            budget = Budget.search([
                ("partner_id", "=", sheet.partner_id.id), ("year", "=", sheet.year),
                ("scope", "=", sheet.scope)], limit=1)
            if not budget:
                Budget.create({
                    "sheet_id": sheet.id,
                    "user_id": (sheet.partner_id.user_id or sheet.create_uid).id,
                })
            elif sheet.state == "active" and budget.sheet_id.revision < sheet.revision:
                previous = budget.sheet_id
                budget.sheet_id = sheet
                budget.message_post(body=_(
                    "Taken over by revision %s of the service sheet (previously %s).") % (
                    html_escape(sheet.name), html_escape(previous.name)))

    @api.multi
    def action_view_order_budget(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "ksm.order.budget",
            "res_id": self.order_budget_ids[:1].id,
            "view_mode": "form",
            "target": "current",
        }
