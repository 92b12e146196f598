import logging
from email.utils import getaddresses

from odoo import _, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.ksm_base.tools import format_datetime, local_datetime

from odoo.addons.ksm_services.models.product_template import SERVICE_CATEGORIES

_logger = logging.getLogger(__name__)

SLA_STATUSES = [
    ("none", "No service level"),
    ("on_track", "On track"),
    ("at_risk", "Deadline close"),
    ("overdue", "Overdue"),
    ("met", "Met"),
    ("missed", "Missed"),
]
# a change of these recomputes the deadlines, counted from the time of the report
SLA_FIELDS = {"priority", "ksm_service_id", "team_id", "ksm_reported_at"}
SLA_KINDS = ("response", "resolution")


class HelpdeskTicket(models.Model):
    """A ticket of a Träger about a catalogue service, with service level deadlines.

    The deadlines come from the service level (``ksm.sla.target``) of the service's
    category and the ticket's priority, counted in working hours of the team's service
    hours from the time the Träger reported the problem. The first response is KSM's
    first public answer, or the first move to a stage in which the ticket is attended;
    the resolution is the move to a closed stage.
    """

    _inherit = "helpdesk.ticket"
    # the Träger's staff who may read a ticket may answer it in the portal
    _mail_post_access = "read"

    # the portal shows the mails of the ticket too, not only the messages written in Odoo
    website_message_ids = fields.One2many(
        domain=lambda self: [("model", "=", self._name),
                             ("message_type", "in", ("comment", "email"))])
    # the portal and its record rules find a Träger's tickets by their reporting
    # contacts too: without an index each lookup reads the whole table
    partner_id = fields.Many2one(index=True)
    ksm_traeger_id = fields.Many2one(
        "res.partner", string="Träger", compute="_compute_ksm_traeger_id", store=True,
        index=True,
        help="The Träger the reporting contact belongs to. Its staff see the ticket in "
             "the portal.")
    ksm_service_id = fields.Many2one(
        "product.product", string="Service", ondelete="restrict", index=True,
        domain=[("ksm_is_catalogue", "=", True)], track_visibility="onchange",
        help="The catalogue service the ticket is about; its category decides the "
             "service level.")
    ksm_service_category = fields.Selection(
        SERVICE_CATEGORIES, string="Service category", related="ksm_service_id.ksm_category",
        store=True, readonly=True)
    ksm_sheet_line_id = fields.Many2one(
        "ksm.service.sheet.line", string="Service sheet line", ondelete="set null",
        domain="[('partner_id', '=', ksm_traeger_id), ('product_id', '=', ksm_service_id),"
               " ('state', '=', 'active')]",
        help="The line of the Träger's service sheet in force that covers the service. "
             "Found by itself when the service is on such a sheet.")
    ksm_reported_at = fields.Datetime(
        string="Reported on", required=True, default=fields.Datetime.now, copy=False,
        help="When the Träger reported the problem (e.g. by phone before the ticket was "
             "entered). The service level deadlines count from here.")
    ksm_sla_target_id = fields.Many2one(
        "ksm.sla.target", string="Service level", readonly=True, copy=False,
        ondelete="set null")
    ksm_response_deadline = fields.Datetime(string="Respond by", readonly=True, copy=False)
    ksm_resolution_deadline = fields.Datetime(string="Resolve by", readonly=True, copy=False)
    ksm_response_warning_at = fields.Datetime(
        string="Response escalation from", readonly=True, copy=False)
    ksm_resolution_warning_at = fields.Datetime(
        string="Resolution escalation from", readonly=True, copy=False)
    ksm_first_response_at = fields.Datetime(
        string="First response on", readonly=True, copy=False,
        help="KSM's first public answer, or the first move to a stage in which the "
             "ticket is attended.")
    ksm_resolved_at = fields.Datetime(
        string="Resolved on", readonly=True, copy=False,
        help="When the ticket was moved to a closed stage.")
    ksm_closed_by_customer = fields.Boolean(
        string="Closed by the Träger", readonly=True, copy=False,
        help="The Träger closed the ticket in the portal before KSM answered it: no "
             "answer was needed, so the response counts as in time if the ticket was "
             "closed before the response deadline.")
    ksm_response_met = fields.Boolean(
        string="Response in time", compute="_compute_ksm_sla_met", store=True)
    ksm_resolution_met = fields.Boolean(
        string="Resolved in time", compute="_compute_ksm_sla_met", store=True)
    ksm_response_escalated = fields.Boolean(
        string="Response escalated", readonly=True, copy=False)
    ksm_resolution_escalated = fields.Boolean(
        string="Resolution escalated", readonly=True, copy=False)
    ksm_sla_status = fields.Selection(
        SLA_STATUSES, string="Service level status", compute="_compute_ksm_sla_status",
        search="_search_ksm_sla_status")
    @api.model_cr_context
    def _init_column(self, column_name):
        """Tickets that exist when the module is installed were reported when they were
        created (they get no service level)."""
        if column_name != "ksm_reported_at":
            return super(HelpdeskTicket, self)._init_column(column_name)
        self.env.cr.execute("UPDATE helpdesk_ticket SET ksm_reported_at = COALESCE("
                            "create_date, now() AT TIME ZONE 'UTC')")
        return None

    # ------------------------------------------------------------------ computes

    @api.depends("partner_id", "partner_id.ksm_is_traeger", "partner_id.parent_id",
                 "partner_id.parent_id.ksm_is_traeger", "partner_id.parent_id.parent_id")
    def _compute_ksm_traeger_id(self):
        for ticket in self:
            ticket.ksm_traeger_id = ticket.partner_id.ksm_traeger()

    @api.depends("ksm_first_response_at", "ksm_response_deadline", "ksm_resolved_at",
                 "ksm_resolution_deadline", "ksm_closed_by_customer")
    def _compute_ksm_sla_met(self):
        for ticket in self:
            # closed by the Träger before any answer: answered, in effect, on closing
            answered_at = ticket.ksm_first_response_at or (
                ticket.ksm_closed_by_customer and ticket.ksm_resolved_at)
            ticket.ksm_response_met = bool(
                answered_at and ticket.ksm_response_deadline
                and answered_at <= ticket.ksm_response_deadline)
            ticket.ksm_resolution_met = bool(
                ticket.ksm_resolved_at and ticket.ksm_resolution_deadline
                and ticket.ksm_resolved_at <= ticket.ksm_resolution_deadline)

    def _compute_ksm_sla_status(self):
        now = fields.Datetime.now()
        for ticket in self:
            ticket.ksm_sla_status = ticket._ksm_sla_status_at(now)

    @api.multi
    def _ksm_sla_status_at(self, now):
        """The service level status at ``now`` (a UTC datetime string)."""
        self.ensure_one()
        if not self.ksm_response_deadline:
            return "none"
        if self.ksm_resolved_at:
            return "met" if self.ksm_response_met and self.ksm_resolution_met else "missed"
        responded = bool(self.ksm_first_response_at)
        if (responded and not self.ksm_response_met) \
                or (not responded and self.ksm_response_deadline < now) \
                or self.ksm_resolution_deadline < now:
            return "overdue"
        if (not responded and self.ksm_response_warning_at <= now) \
                or self.ksm_resolution_warning_at <= now:
            return "at_risk"
        return "on_track"

    @api.model
    def _ksm_sla_status_domains(self, now):
        """Search domains equivalent to :meth:`_ksm_sla_status_at`, by status."""
        def all_of(*domains):
            return expression.AND([expression.normalize_domain(d) for d in domains])

        def any_of(*domains):
            return expression.OR([expression.normalize_domain(d) for d in domains])

        def none_of(domain):
            return ["!"] + expression.normalize_domain(domain)

        with_sla = [("ksm_response_deadline", "!=", False)]
        closed = all_of(with_sla, [("ksm_resolved_at", "!=", False)])
        open_ = all_of(with_sla, [("ksm_resolved_at", "=", False)])
        overdue = all_of(open_, any_of(
            [("ksm_first_response_at", "!=", False), ("ksm_response_met", "=", False)],
            [("ksm_first_response_at", "=", False), ("ksm_response_deadline", "<", now)],
            [("ksm_resolution_deadline", "<", now)],
        ))
        warned = any_of(
            [("ksm_first_response_at", "=", False), ("ksm_response_warning_at", "<=", now)],
            [("ksm_resolution_warning_at", "<=", now)],
        )
        return {
            "none": [("ksm_response_deadline", "=", False)],
            "met": all_of(closed, [("ksm_response_met", "=", True),
                                   ("ksm_resolution_met", "=", True)]),
            "missed": all_of(closed, any_of([("ksm_response_met", "=", False)],
                                            [("ksm_resolution_met", "=", False)])),
            "overdue": overdue,
            "at_risk": all_of(open_, none_of(overdue), warned),
            "on_track": all_of(open_, none_of(overdue), none_of(warned)),
        }

    def _search_ksm_sla_status(self, operator, value):
        domains = self._ksm_sla_status_domains(fields.Datetime.now())
        if operator in ("=", "!="):
            values = [value]
        elif operator in ("in", "not in"):
            values = list(value)
        else:
            raise UserError(_("The service level status cannot be searched with %s.")
                            % operator)
        domain = expression.OR([domains[status] for status in values if status in domains]
                               or [expression.FALSE_DOMAIN])
        if operator in ("!=", "not in"):
            domain = ["!"] + domain
        return domain

    # ------------------------------------------------------------------ constraints

    @api.constrains("ksm_sheet_line_id", "ksm_service_id", "ksm_traeger_id")
    def _check_ksm_sheet_line_id(self):
        for ticket in self.filtered("ksm_sheet_line_id"):
            line = ticket.ksm_sheet_line_id.sudo()
            if line.partner_id != ticket.ksm_traeger_id \
                    or line.product_id != ticket.ksm_service_id:
                raise ValidationError(_(
                    "The line \"%s\" of service sheet %s does not cover the service of ticket "
                    "%s for %s. Choose a line of the Träger's service sheet with this "
                    "service, or none.") % (
                    line.name, line.sheet_id.name, ticket.number,
                    ticket.ksm_traeger_id.name or _("an unknown Träger")))

    # ------------------------------------------------------------------ onchanges

    @api.onchange("ksm_service_id", "partner_id")
    def _onchange_ksm_service_id(self):
        if self.ksm_sheet_line_id and (
                self.ksm_sheet_line_id.product_id != self.ksm_service_id
                or self.ksm_sheet_line_id.partner_id != self.ksm_traeger_id):
            self.ksm_sheet_line_id = False
        if not self.ksm_sheet_line_id:
            self.ksm_sheet_line_id = self._ksm_find_sheet_line()

    # ------------------------------------------------------------------ CRUD

    @api.model
    def create(self, vals):
        if not vals.get("team_id"):
            service = self.env["product.product"].sudo().browse(vals.get("ksm_service_id"))
            vals = dict(vals, team_id=self._ksm_team_for_category(service.ksm_category).id)
        ticket = super(HelpdeskTicket, self).create(vals)
        if ticket.ksm_service_id and "ksm_sheet_line_id" not in vals:
            line = ticket._ksm_find_sheet_line()
            if line:
                ticket.ksm_sheet_line_id = line
        ticket._ksm_apply_service_level()
        if ticket.stage_id.closed and not ticket.ksm_resolved_at:
            ticket.ksm_resolved_at = fields.Datetime.now()
        return ticket

    @api.multi
    def write(self, vals):
        stage = self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]) \
            if vals.get("stage_id") else None
        # another service or contact: the line is found anew
        find_sheet_line = {"ksm_service_id", "partner_id"}.intersection(vals) \
            and "ksm_sheet_line_id" not in vals
        if find_sheet_line:
            vals = dict(vals, ksm_sheet_line_id=False)
        result = super(HelpdeskTicket, self).write(vals)
        if stage is not None:
            self._ksm_record_stage_times(stage)
        if SLA_FIELDS.intersection(vals):
            self._ksm_apply_service_level()
        if find_sheet_line:
            for ticket in self:
                line = ticket._ksm_find_sheet_line()
                if line:
                    super(HelpdeskTicket, ticket).write({"ksm_sheet_line_id": line.id})
        return result

    @api.multi
    def _ksm_record_stage_times(self, stage):
        """First response and resolution from a move to ``stage``.

        A closed stage resolves the ticket (and answers it, unless the Träger closed it
        in the portal); a stage that is neither closed nor "unattended" answers it;
        leaving the closed stages reopens it.
        """
        now = fields.Datetime.now()
        by_customer = self.env.context.get("ksm_closed_by_customer")
        for ticket in self:
            values = {}
            if stage.closed:
                if not ticket.ksm_resolved_at:
                    values["ksm_resolved_at"] = now
                if not ticket.ksm_first_response_at:
                    if by_customer:
                        values["ksm_closed_by_customer"] = True
                    else:
                        values["ksm_first_response_at"] = now
            else:
                if ticket.ksm_resolved_at:
                    values["ksm_resolved_at"] = False
                if ticket.ksm_closed_by_customer:
                    values["ksm_closed_by_customer"] = False
                if not ticket.ksm_first_response_at and not stage.unattended:
                    values["ksm_first_response_at"] = now
            if values:
                super(HelpdeskTicket, ticket).write(values)

    @api.model
    def _ksm_team_for_category(self, category):
        """The team for tickets about a service of ``category``, else Verwaltungs-IT."""
        Team = self.env["helpdesk.ticket.team"].sudo()
        team = Team.search([("ksm_service_category", "=", category)], limit=1) \
            if category else Team
        default = self.env.ref("ksm_helpdesk.helpdesk_team_verwaltungs_it",
                               raise_if_not_found=False)
        return team or default or Team

    @api.multi
    def _ksm_find_sheet_line(self):
        """The line of the Träger's service sheet in force with the ticket's service."""
        self.ensure_one()
        Line = self.env["ksm.service.sheet.line"]
        if not (self.ksm_traeger_id and self.ksm_service_id):
            return Line
        return Line.sudo().search([
            ("partner_id", "=", self.ksm_traeger_id.id),
            ("product_id", "=", self.ksm_service_id.id),
            ("state", "=", "active")], order="year desc, id", limit=1).sudo(self.env.uid)

    # ------------------------------------------------------------------ service levels

    @api.multi
    def _ksm_service_calendar(self):
        """The working time in which the ticket's service level is counted."""
        self.ensure_one()
        if self.team_id:
            return self.team_id.sudo()._ksm_service_calendar()
        return self.env.ref("ksm_helpdesk.resource_calendar_ksm_service_hours",
                            raise_if_not_found=False) \
            or self.env.user.company_id.resource_calendar_id

    @api.multi
    def _ksm_apply_service_level(self):
        """Deadlines and escalation times from the ticket's service level, counted in
        working hours from the report; escalations of changed deadlines start anew."""
        Target = self.env["ksm.sla.target"].sudo()
        for ticket in self:
            target = Target._find_target(ticket.ksm_service_category, ticket.priority)
            calendar = ticket._ksm_service_calendar().sudo()
            values = {"ksm_sla_target_id": target.id}
            for kind in SLA_KINDS:
                values["ksm_%s_deadline" % kind] = False
                values["ksm_%s_warning_at" % kind] = False
            if target and calendar:
                start = fields.Datetime.from_string(ticket.ksm_reported_at)
                share_before_warning = 1.0 - target.warning_percent / 100.0
                for kind in SLA_KINDS:
                    hours = target["%s_hours" % kind]
                    values["ksm_%s_deadline" % kind] = fields.Datetime.to_string(
                        calendar.ksm_plan_working_hours(start, hours))
                    values["ksm_%s_warning_at" % kind] = fields.Datetime.to_string(
                        calendar.ksm_plan_working_hours(start, hours * share_before_warning))
            for kind in SLA_KINDS:
                if values["ksm_%s_warning_at" % kind] != ticket["ksm_%s_warning_at" % kind]:
                    values["ksm_%s_escalated" % kind] = False
            super(HelpdeskTicket, ticket).write(values)

    @api.model
    def _cron_ksm_escalate_sla(self):
        """An activity for tickets whose deadline is close and not met yet: once per
        ticket and deadline."""
        now = fields.Datetime.now()
        open_tickets = [("ksm_resolved_at", "=", False)]
        self.search(open_tickets + [
            ("ksm_first_response_at", "=", False), ("ksm_response_escalated", "=", False),
            ("ksm_response_warning_at", "<=", now)])._ksm_escalate("response")
        self.search(open_tickets + [
            ("ksm_resolution_escalated", "=", False),
            ("ksm_resolution_warning_at", "<=", now)])._ksm_escalate("resolution")

    @api.multi
    def _ksm_escalate(self, kind):
        """Give the assigned user, else the team leader, an activity "SLA deadline
        expires" for the ``kind`` (response or resolution) deadline. Tickets with
        nobody to escalate to are tried again at the next run."""
        Activity = self.env["mail.activity"]
        for ticket in self:
            user = ticket.user_id or ticket.team_id.ksm_leader_id
            if not user:
                _logger.info("Ticket %s: nobody to escalate the %s deadline to",
                             ticket.number, kind)
                continue
            Activity.create(
                ticket.with_context(lang=user.lang)._prepare_ksm_escalation_activity(
                    kind, user))
            super(HelpdeskTicket, ticket).write({"ksm_%s_escalated" % kind: True})

    @api.multi
    def _prepare_ksm_escalation_activity(self, kind, user):
        self.ensure_one()
        deadline = self["ksm_%s_deadline" % kind]
        activity_type = self.env.ref("ksm_helpdesk.mail_activity_type_sla_deadline")
        if kind == "response":
            summary = _("Respond to %s by %s") % (self.number, self._ksm_format_datetime(
                deadline))
        else:
            summary = _("Resolve %s by %s") % (self.number, self._ksm_format_datetime(
                deadline))
        return {
            "res_model_id": self.env["ir.model"]._get(self._name).id,
            "res_id": self.id,
            "activity_type_id": activity_type.id,
            "summary": summary,
            "user_id": user.id,
            "date_deadline": self._ksm_local_datetime(deadline).date(),
        }

    @api.multi
    def _ksm_local_datetime(self, value):
        """``value`` (UTC string) in the time zone of the ticket's service hours."""
        return local_datetime(value, self._ksm_service_calendar().sudo().ksm_tz)

    @api.multi
    def _ksm_format_datetime(self, value):
        """``value`` (UTC string) as the user reads it, e.g. 17.04.2025 09:30, in the
        time zone of the ticket's service hours; empty for no value."""
        return format_datetime(self.env, value, self._ksm_service_calendar().sudo().ksm_tz)

    # ------------------------------------------------------------------ portal

    @api.multi
    def action_ksm_close_by_customer(self, stage, partner):
        """The Träger's staff close the ticket in the portal (solved, or withdrawn)."""
        if not stage.closed:
            raise UserError(_("%s is not a stage that closes a ticket.") % stage.name)
        self.with_context(ksm_closed_by_customer=True).write({"stage_id": stage.id})
        for ticket in self:
            ticket.message_post(
                body=_("%s closed the ticket in the portal: %s.") % (
                    tools.html_escape(partner.name), tools.html_escape(stage.name)),
                author_id=partner.id, message_type="comment", subtype="mail.mt_note")
        return True

    # ------------------------------------------------------------------ mail

    @api.multi
    @api.returns("mail.message", lambda value: value.id)
    def message_post(self, *args, **kwargs):
        """A public answer of KSM's staff is the ticket's first response.

        Portal users write only on tickets they may read: Odoo lets any follower post,
        and a contact of another Träger may have been made a follower (e.g. in copy of
        a mail)."""
        if self.env.user.share:
            self.check_access_rights("read")
            self.check_access_rule("read")
        message = super(HelpdeskTicket, self).message_post(*args, **kwargs)
        if message.message_type in ("comment", "email") and message.subtype_id \
                and not message.subtype_id.internal \
                and any(not user.share for user in message.author_id.sudo().user_ids):
            unanswered = self.filtered(lambda ticket: not ticket.ksm_first_response_at)
            if unanswered:
                super(HelpdeskTicket, unanswered.sudo()).write(
                    {"ksm_first_response_at": message.date or fields.Datetime.now()})
        return message

    @api.model
    def message_new(self, msg, custom_values=None):
        """A ticket from a mail to a team's address, for the contact with the sender's
        address (upper or lower case alike). From an unknown sender it has no contact:
        KSM's staff choose one."""
        values = dict(custom_values or {})
        sender = self._ksm_find_sender(msg.get("from"))
        name, address = next((pair for pair in getaddresses([msg.get("from") or ""])
                              if "@" in pair[1]), ("", ""))
        values.setdefault("channel_id", self.env.ref(
            "helpdesk_mgmt.helpdesk_ticket_channel_email").id)
        values.update({
            "partner_id": sender.id,
            "partner_name": sender.name or name or address,
            "partner_email": sender.email or address,
        })
        ticket = super(HelpdeskTicket, self).message_new(msg, custom_values=values)
        if sender:
            ticket.message_subscribe(partner_ids=sender.ids)
        return ticket

    @api.model
    def _ksm_find_sender(self, email_from):
        """The contact with the address of ``email_from``: people before companies,
        contacts of a Träger before others."""
        addresses = tools.email_split(email_from or "")
        Partner = self.env["res.partner"].sudo()
        if not addresses:
            return Partner
        partners = Partner.search([("email", "=ilike", addresses[0].strip())])
        return partners.sorted(
            key=lambda partner: (partner.is_company, not partner.ksm_traeger(),
                                 partner.id))[:1]
