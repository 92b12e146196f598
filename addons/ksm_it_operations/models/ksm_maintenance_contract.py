from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date, formatLang

CONTRACT_STATES = [
    ("review", "Under review"),
    ("active", "Taken over"),
    ("noticed", "Notice given"),
    ("ended", "Ended"),
]
# contracts that run on and whose notice deadlines matter
RUNNING_STATES = ("review", "active")


class KsmMaintenanceContract(models.Model):
    """A Träger's maintenance contract (Wartungsvertrag) that KSM reviews and takes over.

    The current term ends on ``date_end``; a contract that renews automatically runs on
    by ``renewal_months`` unless notice is given ``notice_period_months`` before the end,
    that is by ``notice_date``. A daily job reminds KSM's contract manager of each notice
    deadline ``reminder_days`` before it, renews contracts whose term has passed and ends
    those that were given notice or do not renew.
    """

    _name = "ksm.maintenance.contract"
    _description = "Maintenance contract"
    _inherit = ["mail.thread", "mail.activity.mixin", "state.guard.mixin", "ksm.display.mixin"]
    _order = "notice_date, partner_id, name"

    name = fields.Char(string="Object", required=True, track_visibility="onchange",
                       help="What is maintained, e.g. \"Software maintenance residents "
                            "registration VOIS|MESO\".")
    reference = fields.Char(string="Contract number", help="The vendor's contract number.")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    vendor_id = fields.Many2one("res.partner", string="Vendor", required=True,
                                ondelete="restrict", domain=[("is_company", "=", True)],
                                track_visibility="onchange")
    application_id = fields.Many2one(
        "ksm.application", string="Specialised application", ondelete="set null",
        domain="[('partner_id', '=', partner_id)]")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    yearly_cost = fields.Monetary(string="Yearly cost", track_visibility="onchange")
    date_start = fields.Date(string="Start date")
    date_end = fields.Date(string="End of term", track_visibility="onchange",
                           help="End of the current term.")
    renewal_months = fields.Integer(
        string="Renews by (months)", track_visibility="onchange",
        help="The contract renews automatically by this many months unless notice is "
             "given; 0 when it ends with its term.")
    notice_period_months = fields.Integer(
        string="Notice period (months)", track_visibility="onchange",
        help="Notice must be given this many months before the end of the term.")
    notice_date = fields.Date(
        string="Notice deadline", compute="_compute_notice_date", store=True, index=True,
        help="The last day to give notice for the end of the current term.")
    taken_over_on = fields.Date(string="Taken over on", track_visibility="onchange",
                                help="The day KSM took the contract over from the Träger.")
    noticed_on = fields.Date(string="Notice given on", readonly=True, copy=False,
                             track_visibility="onchange")
    state = fields.Selection(CONTRACT_STATES, string="Status", required=True,
                             default="review", readonly=True, copy=False, index=True,
                             track_visibility="onchange")
    user_id = fields.Many2one(
        "res.users", string="Contract manager at KSM", default=lambda self: self.env.user,
        track_visibility="onchange", help="Is reminded of the notice deadlines.")
    reminder_days = fields.Integer(
        string="Remind days before", default=60,
        help="How many days before the notice deadline the contract manager is reminded.")
    notice_reminder_date = fields.Date(
        string="Reminded of deadline", readonly=True, copy=False,
        help="The notice deadline the contract manager was last reminded of.")
    note = fields.Text(string="Notes")

    _sql_constraints = [
        ("yearly_cost_not_negative", "check(yearly_cost >= 0)",
         "The yearly cost cannot be negative."),
        ("months_not_negative", "check(renewal_months >= 0 and notice_period_months >= 0)",
         "Renewal and notice periods cannot be negative."),
        ("reminder_days_not_negative", "check(reminder_days >= 0)",
         "The reminder cannot come after the notice deadline."),
    ]

    @api.depends("date_end", "notice_period_months")
    def _compute_notice_date(self):
        """The end of the term less the notice period; a term ending on the last day of
        a month gives the last day of the month (31.03. for 3 months to 30.06.)."""
        for contract in self:
            if not contract.date_end:
                contract.notice_date = False
                continue
            end = fields.Date.from_string(contract.date_end)
            notice = end - relativedelta(months=contract.notice_period_months)
            if (end + relativedelta(days=1)).day == 1:
                notice += relativedelta(day=31)
            contract.notice_date = fields.Date.to_string(notice)

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for contract in self:
            if contract.date_start and contract.date_end and \
                    contract.date_end < contract.date_start:
                raise ValidationError(_(
                    "The term of maintenance contract %s ends before it starts.")
                    % contract.name)

    @api.constrains("application_id", "partner_id")
    def _check_application_id(self):
        for contract in self.filtered("application_id"):
            if contract.application_id.partner_id != contract.partner_id:
                raise ValidationError(_(
                    "The application %s is used by %s, not by %s.") % (
                    contract.application_id.name, contract.application_id.partner_id.name,
                    contract.partner_id.name))

    # ------------------------------------------------------------------ workflow

    @api.multi
    def action_take_over(self):
        for contract in self:
            if contract.state != "review":
                raise UserError(_(
                    "Only a contract under review can be taken over; %s is %s.") % (
                    contract.name, contract._state_label()))
            contract._set_state("active", {
                "taken_over_on": contract.taken_over_on or fields.Date.context_today(self),
            })
        return True

    @api.multi
    def action_give_notice(self):
        """Notice is given: the contract ends with its term; reminders are done."""
        for contract in self:
            if contract.state not in RUNNING_STATES:
                raise UserError(_(
                    "Notice can be given only for a running contract; %s is %s.") % (
                    contract.name, contract._state_label()))
        self._set_state("noticed", {"noticed_on": fields.Date.context_today(self)})
        reminders = self.mapped("activity_ids").filtered(
            lambda activity: activity.activity_type_id == self.env.ref(
                "ksm_it_operations.mail_activity_type_notice_deadline"))
        reminders.action_feedback(feedback=_("Notice given."))
        return True

    @api.multi
    def action_end(self):
        self._set_state("ended")
        return True

    # ------------------------------------------------------------------ daily job

    @api.model
    def _cron_notice_deadlines(self, today=None):
        """Renew, end and remind; ``today`` (a date string) for tests."""
        today = today or fields.Date.context_today(self)
        self.search([("state", "in", RUNNING_STATES), ("date_end", "<", today),
                     ("renewal_months", ">", 0)])._renew(today)
        self.search([("state", "in", RUNNING_STATES + ("noticed",)),
                     ("date_end", "<", today), "|", ("state", "=", "noticed"),
                     ("renewal_months", "=", 0)])._set_state("ended")
        self.search([("state", "in", RUNNING_STATES), ("notice_date", ">=", today)]) \
            .filtered(lambda contract: contract._reminder_due(today)) \
            ._schedule_notice_reminder()
        return True

    @api.multi
    def _renew(self, today):
        """Terms that passed without notice: the contract runs on by its renewal."""
        for contract in self:
            end = fields.Date.from_string(contract.date_end)
            while fields.Date.to_string(end) < today:
                end += relativedelta(months=contract.renewal_months)
            contract.date_end = fields.Date.to_string(end)
            contract.message_post(body=_("Renewed until %s.") % format_date(
                self.env, contract.date_end))

    @api.multi
    def _reminder_due(self, today):
        self.ensure_one()
        remind_from = fields.Date.from_string(self.notice_date) - relativedelta(
            days=self.reminder_days)
        return fields.Date.to_string(remind_from) <= today and \
            self.notice_reminder_date != self.notice_date

    @api.multi
    def _schedule_notice_reminder(self):
        for contract in self:
            user = contract.user_id or self.env.user
            self.env["mail.activity"].create(
                contract.with_context(lang=user.lang)._prepare_notice_activity(user))
            contract.notice_reminder_date = contract.notice_date

    @api.multi
    def _prepare_notice_activity(self, user):
        """The reminder of the notice deadline for ``user``, in the user's language."""
        self.ensure_one()
        deadline = format_date(self.env, self.notice_date)
        if self.renewal_months:
            end = fields.Date.from_string(self.date_end) + relativedelta(
                months=self.renewal_months)
            consequence = _("Without notice it runs on until %s.") % format_date(
                self.env, fields.Date.to_string(end))
        else:
            consequence = _("It ends on %s.") % format_date(self.env, self.date_end)
        return {
            "res_model_id": self.env["ir.model"]._get(self._name).id,
            "res_id": self.id,
            "activity_type_id": self.env.ref(
                "ksm_it_operations.mail_activity_type_notice_deadline").id,
            "user_id": user.id,
            "date_deadline": self.notice_date,
            "summary": _("Notice deadline %s on %s") % (self.name, deadline),
            "note": _("Maintenance contract %s of %s with %s, %s a year: notice must be given "
                      "by %s.") % (
                self.name, self.partner_id.name, self.vendor_id.name,
                formatLang(self.env, self.yearly_cost, currency_obj=self.currency_id),
                deadline) + " " + consequence,
        }
