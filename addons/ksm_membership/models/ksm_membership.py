import logging

from dateutil.relativedelta import relativedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_date

from odoo.addons.ksm_base.tools import percentages
from .res_partner import MEMBERSHIP_STATES

_logger = logging.getLogger(__name__)

# target state: the states a membership may reach it from
TRANSITIONS = {
    "resolved": ("candidate",),
    "contracted": ("resolved",),
    "active": ("contracted",),
    "left": ("active",),
    "candidate": ("resolved", "contracted"),
}
OPEN_STATES = ("candidate", "resolved", "contracted", "active")
JOINING_STATES = ("candidate", "resolved", "contracted")
TASK_REVIEW_INTERVAL = relativedelta(years=1)


class KsmMembership(models.Model):
    """A Träger's membership (Trägerschaft) of KSM, from candidate to active to left.

    Every step has its preconditions (``_<step>_problems``); the buttons refuse a step
    and name everything that is missing, in the user's language.
    """

    _name = "ksm.membership"
    _description = "Membership (Trägerschaft)"
    _inherit = ["mail.thread", "mail.activity.mixin", "state.guard.mixin", "ksm.display.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    traeger_kind = fields.Selection(
        related="partner_id.ksm_traeger_kind", store=True, readonly=True)
    state = fields.Selection(
        MEMBERSHIP_STATES, required=True, default="candidate", readonly=True, copy=False,
        index=True, track_visibility="onchange", group_expand="_expand_states")
    date_start = fields.Date(
        string="Start date", required=True, track_visibility="onchange",
        help="The day from which the Träger holds its share of KSM, e.g. 01.01.2021.")
    date_end = fields.Date(
        string="End date", copy=False, track_visibility="onchange",
        help="The last day of the membership once the Träger leaves.")
    user_id = fields.Many2one(
        "res.users", string="KSM contact", default=lambda self: self.env.user,
        track_visibility="onchange",
        help="Who at KSM looks after this Träger; receives its follow-ups.")
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)

    # joining
    resolution_id = fields.Many2one(
        "ksm.resolution", string="Joining resolution", ondelete="restrict",
        track_visibility="onchange",
        help="The resolution of the Träger's council to join KSM.")
    consent_ids = fields.One2many(
        "ksm.consent", "membership_id", string="Consents",
        groups="ksm_base.group_ksm_user",
        help="Every Träger active at the start date consents by resolution of its "
             "council.")
    consent_count = fields.Integer(string="Consents", compute="_compute_consent_counts")
    consent_given_count = fields.Integer(
        string="Consents given", compute="_compute_consent_counts")

    # documents
    statute_version_id = fields.Many2one(
        "ksm.document.version", string="Statute", ondelete="restrict",
        domain=[("kind", "=", "statute")], track_visibility="onchange",
        help="The version of the statute (Unternehmenssatzung) the Träger accepts.")
    contract_version_id = fields.Many2one(
        "ksm.document.version", string="Public-law contract", ondelete="restrict",
        domain=[("kind", "=", "contract")], track_visibility="onchange",
        help="The version of the public-law contract (ÖRV) the Träger signs.")
    allocation_rules_version_id = fields.Many2one(
        "ksm.document.version", string="Allocation rules", ondelete="restrict",
        domain=[("kind", "=", "allocation_rules")], track_visibility="onchange",
        help="The version of the rules for the cost allocation "
             "(Regeln zur Umlageermittlung) the Träger accepts.")
    contract_signed_on = fields.Date(
        string="Contract signed on", copy=False, track_visibility="onchange")
    signed_by_id = fields.Many2one(
        "res.partner", string="Signed by", copy=False, track_visibility="onchange",
        help="The Träger's signatory (mayor or authorised person) who signed the ÖRV.")

    # capital
    capital_amount = fields.Monetary(
        string="Capital contribution", track_visibility="onchange",
        help="The Träger's contribution to KSM's share capital (Stammkapitaleinlage).")
    invoice_id = fields.Many2one(
        "account.invoice", string="Capital invoice", readonly=True, copy=False,
        ondelete="set null", track_visibility="onchange",
        groups="ksm_base.group_ksm_user")
    invoice_state = fields.Selection(
        related="invoice_id.state", string="Capital invoice state", readonly=True,
        help="State of the capital invoice.",
        groups="ksm_base.group_ksm_user")
    capital_paid_without_invoice = fields.Boolean(
        string="Paid without invoice", copy=False, track_visibility="onchange",
        groups="ksm_base.group_ksm_user",
        help="For contributions paid before KSM invoiced them here, e.g. the founders' "
             "capital in 2013.")
    capital_paid = fields.Boolean(
        string="Capital paid", compute="_compute_capital_paid", store=True,
        help="Paid once the capital invoice is paid (or when paid without invoice).")
    capital_share = fields.Float(
        string="Capital share (%)", compute="_compute_capital_share", digits=(5, 2),
        help="Share of the active memberships' capital; the shares of all active "
             "Träger add up to exactly 100 %.")
    voting_weight = fields.Float(
        string="Voting weight (%)", compute="_compute_capital_share", digits=(5, 2),
        help="Weight of the Träger's votes in KSM's board (Verwaltungsrat): "
             "its capital share.")

    # leaving
    leave_resolution_id = fields.Many2one(
        "ksm.resolution", string="Leaving resolution", ondelete="restrict", copy=False,
        track_visibility="onchange")

    # tasks
    next_task_review_date = fields.Date(
        string="Next task review", track_visibility="onchange",
        help="When KSM next checks with the Träger whether it should transfer further "
             "tasks (e.g. a data protection officer). A follow-up activity is scheduled "
             "on that day, and the date moves on by a year.")
    task_transfer_count = fields.Integer(
        string="Transferred tasks", compute="_compute_task_transfer_count")
    note = fields.Text(groups="ksm_base.group_ksm_user")

    _sql_constraints = [
        ("capital_amount_not_negative", "CHECK(capital_amount >= 0)",
         "The capital contribution cannot be negative."),
        ("date_end_after_date_start", "CHECK(date_end IS NULL OR date_end >= date_start)",
         "A membership cannot end before it starts."),
    ]

    @api.model
    def _expand_states(self, states, domain, order):
        return [key for key, _label in MEMBERSHIP_STATES]

    # ------------------------------------------------------------------ computes

    @api.depends("consent_ids.state")
    def _compute_consent_counts(self):
        for membership in self:
            consents = membership.sudo().consent_ids
            membership.consent_count = len(consents)
            membership.consent_given_count = len(consents.filtered(
                lambda consent: consent.state == "given"))

    @api.depends("invoice_id.state", "capital_paid_without_invoice")
    def _compute_capital_paid(self):
        for membership in self:
            invoice = membership.sudo().invoice_id
            if invoice:
                membership.capital_paid = invoice.state == "paid"
            else:
                membership.capital_paid = membership.sudo().capital_paid_without_invoice

    @api.depends("state", "capital_amount")
    def _compute_capital_share(self):
        shares = self._capital_shares()
        for membership in self:
            membership.capital_share = shares.get(membership.id, 0.0)
            membership.voting_weight = membership.capital_share

    @api.model
    def _capital_shares(self):
        """{membership id: capital share in %} of every active membership.

        The shares are rounded to 2 decimals by the largest-remainder rule, so that
        they add up to exactly 100 %; of equal remainders the earlier membership gets
        the last hundredth. Computed over all Träger (sudo): a Träger's share depends
        on the others' contributions, even where it may not read them.
        """
        active = self.sudo().search(
            [("state", "=", "active"), ("company_id", "=", self.env.user.company_id.id)],
            order="date_start, id")
        return dict(zip(active.ids, percentages(active.mapped("capital_amount"))))

    @api.depends("partner_id")
    def _compute_task_transfer_count(self):
        counts = {}
        if self.mapped("partner_id"):
            for group in self.env["ksm.task.transfer"].read_group(
                    [("partner_id", "in", self.mapped("partner_id").ids)],
                    ["partner_id"], ["partner_id"]):
                counts[group["partner_id"][0]] = group["partner_id_count"]
        for membership in self:
            membership.task_transfer_count = counts.get(membership.partner_id.id, 0)

    @api.multi
    def name_get(self):
        return [(membership.id, _("%s (from %s)") % (
            membership.partner_id.name, format_date(self.env, membership.date_start)))
            for membership in self]

    # ---------------------------------------------------------------- constraints

    @api.constrains("partner_id", "state")
    def _check_one_open_membership(self):
        for membership in self.filtered(lambda m: m.state in OPEN_STATES):
            others = self.search([("partner_id", "=", membership.partner_id.id),
                                  ("state", "in", OPEN_STATES),
                                  ("id", "!=", membership.id)])
            if others:
                raise ValidationError(_("%s already has an open membership (from %s).") % (
                    membership.partner_id.name, format_date(self.env, others[0].date_start)))

    @api.constrains("partner_id")
    def _check_partner_is_traeger(self):
        for membership in self:
            if not membership.partner_id.ksm_is_traeger:
                raise ValidationError(_("%s is not marked as Träger.")
                                      % membership.partner_id.name)

    @api.constrains("partner_id", "resolution_id", "leave_resolution_id")
    def _check_resolutions_of_traeger(self):
        for membership in self:
            for resolution in membership.resolution_id | membership.leave_resolution_id:
                if resolution.partner_id != membership.partner_id:
                    raise ValidationError(_(
                        "Resolution %s was taken by %s; the membership of %s needs a "
                        "resolution of its own council.") % (
                        resolution.name, resolution.partner_id.name,
                        membership.partner_id.name))

    @api.constrains("statute_version_id", "contract_version_id",
                    "allocation_rules_version_id")
    def _check_document_kinds(self):
        for membership in self:
            for field_name, kind in (("statute_version_id", "statute"),
                                     ("contract_version_id", "contract"),
                                     ("allocation_rules_version_id", "allocation_rules")):
                version = membership[field_name]
                if version and version.kind != kind:
                    raise ValidationError(_("%s is not a version of the %s.") % (
                        version.name, self._fields[field_name].get_description(
                            self.env)["string"]))

    @api.constrains("partner_id", "signed_by_id")
    def _check_signed_by(self):
        for membership in self.filtered("signed_by_id"):
            if membership.signed_by_id.commercial_partner_id != membership.partner_id:
                raise ValidationError(_("%s does not sign for %s.") % (
                    membership.signed_by_id.name, membership.partner_id.name))

    # ---------------------------------------------------------------- consents

    @api.multi
    def _required_consenting_partners(self):
        """The Träger that must consent to this joining: every Träger whose membership
        is active on this membership's start date (founders joining together consent
        to each other)."""
        self.ensure_one()
        if not self.date_start:
            return self.env["res.partner"]
        memberships = self.sudo().search([
            ("id", "!=", self.id or 0),
            ("partner_id", "!=", self.partner_id.id),
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("active", "left")),
            ("date_start", "<=", self.date_start),
            "|", ("date_end", "=", False), ("date_end", ">=", self.date_start),
        ])
        return memberships.mapped("partner_id").sorted("name")

    @api.multi
    def action_update_consents(self):
        """Bring the consent matrix up to date: a line for every Träger that must
        consent; pending lines of Träger that no longer must are removed."""
        for membership in self.filtered(lambda m: m.state in JOINING_STATES):
            required = membership._required_consenting_partners()
            consents = membership.consent_ids
            obsolete = consents.filtered(lambda consent: consent.state == "pending"
                                         and consent.partner_id not in required)
            obsolete.unlink()
            for partner in required - (consents - obsolete).mapped("partner_id"):
                self.env["ksm.consent"].create({
                    "membership_id": membership.id, "partner_id": partner.id})
        return True

    @api.model
    def create(self, vals):
        membership = super(KsmMembership, self).create(vals)
        membership.action_update_consents()
        return membership

    @api.multi
    def write(self, vals):
        result = super(KsmMembership, self).write(vals)
        if {"partner_id", "date_start"} & set(vals):
            self.action_update_consents()
        return result

    # ---------------------------------------------------------------- lifecycle

    @api.multi
    def _resolution_missing(self, purpose):
        """'Resolution of the Stadtvertretung is missing' in the Träger's terms."""
        body = self.partner_id.ksm_council_body
        if purpose == "leave":
            messages = {
                "kreistag": _("Leaving resolution of the Kreistag is missing"),
                "stadtvertretung": _("Leaving resolution of the Stadtvertretung is missing"),
                "buergerschaft": _("Leaving resolution of the Stadtvertretung is missing"),
                "gemeindevertretung": _(
                    "Leaving resolution of the Gemeindevertretung is missing"),
                "amtsausschuss": _("Leaving resolution of the Amtsausschuss is missing"),
                "verbandsversammlung": _(
                    "Leaving resolution of the Verbandsversammlung is missing"),
            }
            return messages.get(body) or _("Leaving resolution of the council is missing")
        messages = {
            "kreistag": _("Resolution of the Kreistag is missing"),
            "stadtvertretung": _("Resolution of the Stadtvertretung is missing"),
            "buergerschaft": _("Resolution of the Stadtvertretung is missing"),
            "gemeindevertretung": _("Resolution of the Gemeindevertretung is missing"),
            "amtsausschuss": _("Resolution of the Amtsausschuss is missing"),
            "verbandsversammlung": _("Resolution of the Verbandsversammlung is missing"),
        }
        return messages.get(body) or _("Joining resolution of the council is missing")

    @api.multi
    def _resolved_problems(self):
        self.ensure_one()
        return [] if self.resolution_id else [self._resolution_missing("join")]

    @api.multi
    def _consent_problems(self):
        self.ensure_one()
        consents = {consent.partner_id: consent for consent in self.sudo().consent_ids}
        problems = []
        for partner in self._required_consenting_partners():
            consent = consents.get(partner)
            if consent and consent.state == "refused":
                problems.append(_("%s refused its consent (resolution %s)") % (
                    partner.name, consent.resolution_id.name))
            elif not consent or consent.state != "given":
                problems.append(_("Consent of %s is missing") % partner.name)
        return problems

    @api.multi
    def _contracted_problems(self):
        self.ensure_one()
        problems = self._resolved_problems()
        if not self.contract_version_id:
            problems.append(_("ÖRV version is not chosen"))
        if not self.contract_signed_on:
            problems.append(_("ÖRV not signed"))
        if not self.signed_by_id:
            problems.append(_("Signatory of the ÖRV is missing"))
        if not self.statute_version_id:
            problems.append(_("Statute not accepted"))
        return problems + self._consent_problems()

    @api.multi
    def _active_problems(self):
        self.ensure_one()
        problems = []
        if not self.capital_amount:
            problems.append(_("Capital contribution is not set"))
        elif not self.capital_paid:
            problems.append(_("Capital contribution not paid"))
        if self.date_start > fields.Date.context_today(self):
            problems.append(_("The membership starts on %s, not yet today") % format_date(
                self.env, self.date_start))
        return problems + self._consent_problems()

    @api.multi
    def _left_problems(self):
        self.ensure_one()
        problems = []
        if not self.date_end:
            problems.append(_("End date is missing"))
        if not self.leave_resolution_id:
            problems.append(self._resolution_missing("leave"))
        return problems

    @api.multi
    def _candidate_problems(self):
        return []

    @api.multi
    def _transition_problems(self, state):
        """What keeps this membership from moving to ``state`` (translated texts)."""
        self.ensure_one()
        if self.state not in TRANSITIONS[state]:
            # the quotes are part of the translated texts: "Aktiv" becomes „Aktiv“
            return [_("the membership is \"%s\"; this step needs \"%s\"") % (
                self._state_label(self.state), _("\" or \"").join(
                    self._state_label(allowed) for allowed in TRANSITIONS[state]))]
        return getattr(self, "_%s_problems" % state)()

    @api.multi
    def _move_to(self, state):
        for membership in self:
            problems = membership._transition_problems(state)
            if problems:
                raise UserError(_("The membership of %s cannot become \"%s\":\n%s") % (
                    membership.partner_id.name, self._state_label(state),
                    "\n".join("- %s" % problem for problem in problems)))
        self._set_state(state)
        return True

    @api.multi
    def action_resolve(self):
        """Record the joining council's resolution."""
        return self._move_to("resolved")

    @api.multi
    def action_contract(self):
        """ÖRV signed, statute accepted, every active Träger consented."""
        return self._move_to("contracted")

    @api.multi
    def action_activate(self):
        """The Träger holds its share from its start date on; candidates that start
        later now need its consent too."""
        self._move_to("active")
        self.search([("state", "in", JOINING_STATES)]).action_update_consents()
        return True

    @api.multi
    def action_leave(self):
        return self._move_to("left")

    @api.multi
    def action_reset_to_candidate(self):
        """Back to candidate, e.g. when a council revokes its resolution."""
        return self._move_to("candidate")

    # ---------------------------------------------------------------- capital

    @api.multi
    def _prepare_capital_invoice(self):
        self.ensure_one()
        return {
            "type": "out_invoice",
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "currency_id": self.currency_id.id,
            "origin": self.display_name,
            "name": _("Capital contribution"),
            "invoice_line_ids": [(0, 0, self._prepare_capital_invoice_line())],
        }

    @api.multi
    def _prepare_capital_invoice_line(self):
        self.ensure_one()
        product = self.env.ref("ksm_membership.product_capital_contribution")
        account = (product.property_account_income_id
                   or product.categ_id.property_account_income_categ_id)
        if not account:
            raise UserError(_("Product %s has no income account: set one in its "
                              "accounting tab.") % product.name)
        return {
            "product_id": product.id,
            "name": _("Capital contribution (Stammkapitaleinlage) of %s as Träger of "
                      "KSM from %s") % (self.partner_id.name,
                                         format_date(self.env, self.date_start)),
            "quantity": 1,
            "price_unit": self.capital_amount,
            "uom_id": product.uom_id.id,
            "account_id": account.id,
        }

    @api.multi
    def action_create_capital_invoice(self):
        self.ensure_one()
        if self.invoice_id and self.invoice_id.state != "cancel":
            raise UserError(_("The capital contribution of %s is already invoiced (%s).") % (
                self.partner_id.name, self.invoice_id.number or _("draft")))
        if not self.capital_amount:
            raise UserError(_("Enter the capital contribution of %s first.")
                            % self.partner_id.name)
        self.invoice_id = self.env["account.invoice"].create(
            self._prepare_capital_invoice())
        return self.action_view_capital_invoice()

    @api.multi
    def action_view_capital_invoice(self):
        self.ensure_one()
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action.update({
            "views": [(self.env.ref("account.invoice_form").id, "form")],
            "res_id": self.invoice_id.id,
        })
        return action

    # ---------------------------------------------------------------- tasks

    @api.multi
    def action_view_task_transfers(self):
        self.ensure_one()
        action = self.env.ref("ksm_membership.action_ksm_task_transfer").read()[0]
        action["domain"] = [("partner_id", "=", self.partner_id.id)]
        action["context"] = {"default_partner_id": self.partner_id.id}
        return action

    # ---------------------------------------------------------------- crons

    @api.model
    def _cron_activate_due_memberships(self):
        """Activate contracted memberships on their start date (when nothing is
        missing; what is missing stays visible on the form's buttons)."""
        today = fields.Date.context_today(self)
        for membership in self.search([("state", "=", "contracted"),
                                       ("date_start", "<=", today)]):
            problems = membership._transition_problems("active")
            if problems:
                _logger.info("Membership %s not activated: %s", membership.display_name,
                             "; ".join(problems))
                continue
            membership.action_activate()

    @api.model
    def _cron_schedule_task_review(self):
        """Schedule 'review further task transfers' for every active Träger whose review
        date has come (resolution point 8 of Lübtheen); the next review is a year
        later."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        activity_type = self.env.ref("ksm_membership.mail_activity_type_task_review")
        model = self.env["ir.model"]._get(self._name)
        for membership in self.search([("state", "=", "active"),
                                       ("next_task_review_date", "<=", str(today))]):
            due = fields.Date.from_string(membership.next_task_review_date)
            self.env["mail.activity"].create({
                "res_model_id": model.id,
                "res_id": membership.id,
                "activity_type_id": activity_type.id,
                "summary": activity_type.summary or activity_type.name,
                "date_deadline": fields.Date.to_string(due),
                "user_id": (membership.user_id or self.env.user).id,
            })
            while due <= today:
                due += TASK_REVIEW_INTERVAL
            membership.next_task_review_date = fields.Date.to_string(due)
