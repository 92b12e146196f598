from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date, formatLang, html_escape

from odoo.addons.ksm_base.tools import format_datetime, local_datetime, local_today

CALL_STATES = [
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("done", "Done"),
    ("invoiced", "Invoiced"),
    ("refused", "Refused"),
    ("cancel", "Cancelled"),
]
# states in which a call consumes its order budget
DRAWING_STATES = ("approved", "done", "invoiced")
# states of a call that no longer finances its project or task
CLOSED_STATES = ("refused", "cancel")
# the longest description, as the portal's form allows it
CALL_DESCRIPTION_MAX_LENGTH = 200


class KsmOrderCall(models.Model):
    """A call (Abruf) on an order budget: an order of the Träger paid from the budget.

    A call is requested (in the portal or by KSM), approved by the Träger's signatory,
    done, and invoiced. What it consumes of the budget (``amount_consumed``):

    * requested, refused, cancelled: nothing;
    * approved: its amount, which is reserved for it; the value of its timesheets once
      they exceed the amount;
    * done and invoiced: the value of its timesheets when it has any, else its amount.

    A call may finance a project or a task. Timesheets are valued at the call's hourly
    rate (a catalogue service, at its price of the budget's year) and count for exactly
    one call: the call financing their project, else the call financing their task
    (``account.analytic.line.ksm_order_call_id``). So no timesheet is paid twice.
    """

    _name = "ksm.order.call"
    _description = "Call on an order budget"
    _inherit = ["mail.thread", "mail.activity.mixin", "state.guard.mixin", "ksm.display.mixin"]
    _order = "date desc, id desc"

    budget_id = fields.Many2one(
        "ksm.order.budget", string="Order budget", required=True, index=True,
        ondelete="restrict", readonly=True, states={"requested": [("readonly", False)]},
        track_visibility="onchange")
    partner_id = fields.Many2one(related="budget_id.partner_id", string="Träger",
                                 readonly=True, store=True, index=True)
    year = fields.Integer(related="budget_id.year", readonly=True, store=True,
                          group_operator=False)
    currency_id = fields.Many2one(related="budget_id.currency_id", readonly=True,
                                  store=True)
    company_id = fields.Many2one(related="budget_id.company_id", readonly=True, store=True)
    name = fields.Char(string="Description", required=True, track_visibility="onchange",
                       help="What the Träger orders, e.g. \"Hardware replacement before the "
                            "migration\".")
    note = fields.Text(string="Details")
    date = fields.Date(required=True, index=True,
                       default=lambda self: fields.Date.to_string(local_today()))
    amount = fields.Monetary(
        required=True, track_visibility="onchange",
        help="What the Träger orders for at most; reserved in the budget once approved.")
    state = fields.Selection(CALL_STATES, string="Status", required=True,
                             default="requested", readonly=True, copy=False, index=True,
                             track_visibility="onchange")
    requested_by_id = fields.Many2one(
        "res.partner", string="Requested by", ondelete="restrict",
        help="The Träger's contact who requested the call.")
    approved_by_id = fields.Many2one(
        "res.partner", string="Approved by", ondelete="restrict", copy=False,
        track_visibility="onchange",
        help="The Träger's signatory who approved the call (in the portal, or on paper: "
             "then enter the signatory before approving).")
    approved_on = fields.Datetime(
        string="Approved on", copy=False,
        help="When the signatory approved: entered by KSM for an approval given on paper "
             "or by e-mail, else the moment of the approval in the portal.")
    refusal_reason = fields.Text(
        string="Reason for refusal", copy=False, track_visibility="onchange",
        help="Why the Träger's signatory refused the call; needed to refuse it.")
    project_id = fields.Many2one(
        "project.project", string="Project", index=True, ondelete="restrict",
        help="The project the call finances: its budget is the call's amount, and all its "
             "timesheets count for this call.")
    task_id = fields.Many2one(
        "project.task", string="Task", index=True, ondelete="restrict",
        help="The task the call finances; its timesheets count for this call.")
    rate_product_id = fields.Many2one(
        "product.product", string="Hourly rate", ondelete="restrict",
        domain=[("ksm_is_catalogue", "=", True)],
        default=lambda self: self._default_rate_product(),
        help="The catalogue service at whose price of the budget's year the timesheets "
             "are valued.")
    hourly_rate = fields.Monetary(
        string="Rate per hour", compute="_compute_hourly_rate", store=True,
        compute_sudo=True)
    timesheet_ids = fields.One2many("account.analytic.line", "ksm_order_call_id",
                                    string="Timesheets", readonly=True)
    timesheet_hours = fields.Float(
        string="Hours", compute="_compute_timesheet_amounts", store=True,
        compute_sudo=True, digits=(16, 2))
    amount_timesheet = fields.Monetary(
        string="Value of the timesheets", compute="_compute_timesheet_amounts",
        store=True, compute_sudo=True)
    amount_consumed = fields.Monetary(
        string="Consumed", compute="_compute_amount_consumed", store=True,
        compute_sudo=True)

    _sql_constraints = [
        ("amount_positive", "check(amount > 0)", "The amount of a call must be positive."),
    ]

    @api.model
    def _default_rate_product(self):
        return self.env["product.product"].search([
            ("ksm_is_catalogue", "=", True), ("ksm_category", "=", "project"),
            ("uom_id", "=", self.env.ref("product.product_uom_hour").id)], limit=1)

    @api.depends("rate_product_id", "year",
                 "rate_product_id.product_tmpl_id.ksm_price_ids.price")
    def _compute_hourly_rate(self):
        for call in self:
            template = call.rate_product_id.product_tmpl_id
            call.hourly_rate = template.ksm_price_for_year(call.year).price if template \
                else 0.0

    @api.depends("timesheet_ids.unit_amount", "timesheet_ids.ksm_amount")
    def _compute_timesheet_amounts(self):
        for call in self:
            call.timesheet_hours = sum(call.timesheet_ids.mapped("unit_amount"))
            call.amount_timesheet = call.currency_id.round(
                sum(call.timesheet_ids.mapped("ksm_amount")))

    @api.depends("state", "amount", "amount_timesheet", "timesheet_ids")
    def _compute_amount_consumed(self):
        for call in self:
            if call.state == "approved":
                call.amount_consumed = max(call.amount, call.amount_timesheet)
            elif call.state in ("done", "invoiced"):
                call.amount_consumed = (call.amount_timesheet if call.timesheet_ids
                                        else call.amount)
            else:
                call.amount_consumed = 0.0

    @api.constrains("project_id", "task_id", "budget_id", "state")
    def _check_financed_work(self):
        for call in self:
            traeger = call.partner_id
            if call.project_id and call.task_id:
                raise ValidationError(_(
                    "Call \"%s\" finances either a whole project or one task, not both.")
                    % call.name)
            project = call.project_id or call.task_id.project_id
            if project.ksm_partner_id and project.ksm_partner_id != traeger:
                raise ValidationError(_(
                    "Project %s is a project of %s; call \"%s\" draws on the order budget of "
                    "%s.") % (project.name, project.ksm_partner_id.name, call.name,
                              traeger.name))
            if call.state in CLOSED_STATES:
                continue
            if not project:
                continue
            # one open call per project and task, else timesheets would be paid twice
            others = self.search([
                ("id", "!=", call.id), ("state", "not in", CLOSED_STATES),
                "|", ("project_id", "=", project.id), ("task_id.project_id", "=", project.id)])
            if call.project_id and others:
                raise ValidationError(_(
                    "Project %s or one of its tasks is already financed by call \"%s\".")
                    % (project.name, others[0].name))
            clash = others.filtered(
                lambda other: other.project_id or other.task_id == call.task_id)
            if call.task_id and clash:
                raise ValidationError(_(
                    "Task %s or its project is already financed by call \"%s\".") % (
                    call.task_id.name, clash[0].name))

    @api.constrains("date", "budget_id")
    def _check_date_in_budget_year(self):
        for call in self:
            if fields.Date.from_string(call.date).year != call.year:
                raise ValidationError(_(
                    "Call \"%(call)s\" is dated %(date)s, but order budget %(budget)s is the "
                    "budget of %(year)s: a call belongs to the order budget of its year.") % {
                    "call": call.name, "date": format_date(self.env, call.date),
                    "budget": call.budget_id.name, "year": call.year})

    @api.constrains("rate_product_id", "project_id", "task_id", "budget_id")
    def _check_rate_product_id(self):
        for call in self.filtered(lambda call: call.project_id or call.task_id):
            template = call.rate_product_id.product_tmpl_id
            if not template:
                raise ValidationError(_(
                    "Choose the hourly rate of call \"%s\": its timesheets are valued at "
                    "it.") % call.name)
            if call.rate_product_id.uom_id.category_id != \
                    self.env.ref("product.product_uom_hour").category_id:
                raise ValidationError(_(
                    "The hourly rate of call \"%s\" must be a catalogue service priced per "
                    "hour; %s is priced per %s.") % (
                    call.name, template.name, call.rate_product_id.uom_id.name))
            if not template.ksm_price_for_year(call.year):
                raise ValidationError(template._ksm_missing_price_message(call.year))

    # ------------------------------------------------------------------ ORM

    @api.model
    def _check_name_length(self, name):
        if len(name or "") > CALL_DESCRIPTION_MAX_LENGTH:
            raise UserError(_(
                "The description of a call may have at most %(max)d characters; this one "
                "has %(length)d. Put the details into the details field.") % {
                "max": CALL_DESCRIPTION_MAX_LENGTH, "length": len(name)})

    @api.model
    def create(self, vals):
        self._check_name_length(vals.get("name"))
        budget = self.env["ksm.order.budget"].browse(vals.get("budget_id"))
        if budget:
            self._check_amount_positive(vals.get("amount"), budget.currency_id)
            budget._check_open(fields.Date.from_string(vals["date"]) if vals.get("date")
                               else None)
            if vals.get("state", "requested") not in CLOSED_STATES:
                budget._check_available(vals["amount"], vals.get("name"))
        call = super(KsmOrderCall, self).create(vals)
        call.budget_id._check_consumption_warning()
        return call

    @api.multi
    def write(self, vals):
        if "name" in vals:
            self._check_name_length(vals["name"])
        if "budget_id" in vals:
            budget = self.env["ksm.order.budget"].browse(vals["budget_id"])
            for call in self:
                if call.state != "requested":
                    raise UserError(_(
                        "Call \"%s\" is %s: it can no longer be moved to another order "
                        "budget.") % (call.name, call._state_label()))
                amount = vals.get("amount", call.amount)
                self._check_amount_positive(amount, budget.currency_id)
                budget._check_open(fields.Date.from_string(vals.get("date") or call.date))
                budget._check_available(amount, call.name)
        elif "amount" in vals:
            for call in self:
                call._check_amount_change(vals["amount"])
        result = super(KsmOrderCall, self).write(vals)
        if {"amount", "state", "budget_id"}.intersection(vals):
            self.mapped("budget_id")._check_consumption_warning()
        return result

    @api.multi
    def unlink(self):
        for call in self.filtered(lambda call: call.state != "requested"):
            raise UserError(_(
                "Only requested calls can be deleted; call \"%s\" is %s. Cancel or refuse it "
                "instead.") % (call.name, call._state_label()))
        return super(KsmOrderCall, self).unlink()

    @api.model
    def _check_amount_positive(self, amount, currency):
        if currency.compare_amounts(amount or 0.0, 0.0) <= 0:
            raise UserError(_("The amount of a call must be greater than zero."))

    @api.multi
    def _check_amount_change(self, amount):
        """A requested or approved call may be changed within what remains."""
        self.ensure_one()
        if self.state not in ("requested", "approved"):
            raise UserError(_(
                "Call \"%s\" is %s: its amount can no longer be changed.") % (
                self.name, self._state_label()))
        self._check_amount_positive(amount, self.currency_id)
        if self.currency_id.compare_amounts(amount, self.amount) <= 0:
            return
        if self.state == "requested":
            self.budget_id._check_available(amount, self.name)
        else:
            # what the approved call consumes beyond its current amount
            increase = max(amount, self.amount_timesheet) - self.amount_consumed
            self.budget_id._check_available(increase, self.name)

    # ------------------------------------------------------------------ workflow

    @api.multi
    def _check_state(self, allowed, action_label):
        """Refuse a step for calls not in one of the ``allowed`` states."""
        for call in self:
            if call.state not in allowed:
                raise UserError(_(
                    "Call \"%(call)s\" is %(state)s: it cannot be %(action)s.") % {
                    "call": call.name, "state": call._state_label(), "action": action_label})

    @api.multi
    def _check_signatory(self, signatory, action_label):
        """Only a signatory of the call's Träger approves or refuses it."""
        for call in self:
            if not signatory.ksm_role_signatory or \
                    signatory.commercial_partner_id != call.partner_id:
                raise UserError(_(
                    "%(name)s may not %(action)s call \"%(call)s\": only a signatory of "
                    "%(traeger)s can.") % {
                    "name": signatory.name, "action": action_label, "call": call.name,
                    "traeger": call.partner_id.name})

    @api.multi
    def _check_four_eyes(self, signatory):
        """Whoever requested a call cannot approve it: a second person decides."""
        for call in self:
            if call.requested_by_id and call.requested_by_id == signatory:
                raise UserError(_(
                    "%(name)s requested call \"%(call)s\" and cannot approve it as well: "
                    "another signatory of %(traeger)s must approve it.") % {
                    "name": signatory.name, "call": call.name,
                    "traeger": call.partner_id.name})

    @api.multi
    def _approval_text(self):
        """"Sabine Kramer, 17.04.2025 09:30 MESZ": who approved and when, local time."""
        self.ensure_one()
        if not self.approved_by_id:
            return ""
        when = format_datetime(self.env, self.approved_on, with_zone=True)
        return "%s, %s" % (self.approved_by_id.name, when) if when else \
            self.approved_by_id.name

    @api.multi
    def _approve(self, signatory, approved_on=None):
        """The Träger's signatory approves requested calls; they then draw on the budget.

        ``approved_on`` (UTC, default: now) is when the signatory approved; it lies in the
        budget's year.
        """
        self._check_state(("requested",), _("approved"))
        self._check_signatory(signatory, _("approve"))
        self._check_four_eyes(signatory)
        now = fields.Datetime.now()
        approved_on = approved_on or now
        if approved_on > now:
            raise UserError(_("An approval cannot be dated in the future."))
        for call in self:
            call.budget_id._check_open(local_datetime(approved_on).date())
            call.budget_id._check_available(call.amount, call.name)
            call._set_state("approved", {
                "approved_by_id": signatory.id,
                "approved_on": approved_on,
            })
            call.message_post(body=_("Approved by %s.") % html_escape(signatory.name),
                              author_id=signatory.id)
        return True

    @api.model
    def _check_refusal_reason(self, reason):
        reason = (reason or "").strip()
        if not reason:
            raise UserError(_("Please give the reason for refusing the call: the requester "
                              "and KSM read it."))
        return reason

    @api.multi
    def _refuse(self, signatory, reason=None):
        """The Träger's signatory refuses requested calls, saying why (``reason``)."""
        self._check_state(("requested",), _("refused"))
        self._check_signatory(signatory, _("refuse"))
        reason = self._check_refusal_reason(reason)
        self._check_no_timesheets(_("refused"))
        self._set_state("refused", {"refusal_reason": reason})
        for call in self:
            call.message_post(body=_("Refused by %s: %s") % (html_escape(signatory.name),
                                                              html_escape(reason)),
                              author_id=signatory.id)
        return True

    @api.multi
    def _check_no_timesheets(self, action_label):
        """Refuse ``action_label`` for calls with timesheets of their project or task.

        A timesheet that stays with its source (see _timesheet_stays_with_its_source)
        does not count.
        """
        for call in self.filtered(lambda call: call.timesheet_ids.filtered(
                lambda line: not call._timesheet_stays_with_its_source(line))):
            raise UserError(_(
                "Call \"%s\" has timesheets of %s hours: it cannot be %s. Mark it as done "
                "instead.") % (call.name, formatLang(self.env, call.timesheet_hours),
                               action_label))

    @api.multi
    def _timesheet_stays_with_its_source(self, line):
        """Whether the timesheet ``line`` of the call stays with what it was booked on
        (and counts for its next call) when the call is refused or cancelled."""
        return False

    @api.multi
    def action_approve(self):
        """KSM records the approval the Träger's signatory gave on paper or by e-mail, on
        the day it was given (``approved_on``, default: now)."""
        for call in self:
            if not call.approved_by_id:
                raise UserError(_(
                    "Enter who approved call \"%s\": a signatory of %s.") % (
                    call.name, call.partner_id.name))
            call._approve(call.approved_by_id, call.approved_on)
        return True

    @api.multi
    def action_refuse(self):
        """KSM records a refusal; the reason is entered on the call first."""
        label = _("refused")
        self._check_state(("requested",), label)
        for call in self:
            call._check_refusal_reason(call.refusal_reason)
        self._check_no_timesheets(label)
        self._set_state("refused")
        return True

    @api.multi
    def action_done(self):
        self._check_state(("approved",), _("marked as done"))
        self._set_state("done")
        return True

    @api.multi
    def action_mark_invoiced(self):
        self._check_state(("done",), _("marked as invoiced"))
        self._set_state("invoiced")
        return True

    @api.multi
    def action_cancel(self):
        label = _("cancelled")
        self._check_state(("requested", "approved"), label)
        self._check_no_timesheets(label)
        self._set_state("cancel")
        return True

    @api.multi
    def action_create_project(self):
        """A project for the call, financed by it, for KSM's timesheets."""
        self.ensure_one()
        if self.project_id or self.task_id:
            raise UserError(_("Call \"%s\" already finances %s.") % (
                self.name, (self.project_id or self.task_id).name))
        self._check_state(("requested", "approved"), _("given a project"))
        project = self.env["project.project"].create(self._prepare_project_values())
        self.project_id = project
        return {
            "type": "ir.actions.act_window",
            "res_model": "project.project",
            "res_id": project.id,
            "view_mode": "form",
            "target": "current",
        }

    @api.multi
    def _prepare_project_values(self):
        self.ensure_one()
        return {
            "name": self.name,
            "partner_id": self.partner_id.id,
            "allow_timesheets": True,
        }
