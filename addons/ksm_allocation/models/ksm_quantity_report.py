from odoo import SUPERUSER_ID, _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape

from odoo.addons.ksm_base.tools import format_datetime

from .ksm_cost_pool import FIRST_YEAR

REPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("confirmed", "Confirmed"),
    ("returned", "Sent back"),
]
# what a Träger (portal user) may still change; the rest is KSM's
TRAEGER_EDITABLE_STATES = ("draft", "returned")
TRAEGER_WRITABLE_FIELDS = {"quantity", "note"}
TRAEGER_CREATABLE_FIELDS = {"partner_id", "year", "key_id", "quantity", "note"}
# the longest comment of a Träger, as the portal's form allows it
NOTE_MAX_LENGTH = 500


class KsmQuantityReport(models.Model):
    """A Träger's actual quantity of one allocation key in one year (Mengenmeldung).

    The Träger reports it in the portal (finance contacts and signatories; the other
    contacts see it) or KSM enters it; KSM confirms it or sends it back with a comment.
    Only confirmed quantities count in the allocation, and a confirmed quantity cannot
    be changed any more (KSM can send it back while its pools are not allocated).
    """

    _name = "ksm.quantity.report"
    _description = "Quantity report"
    _inherit = ["mail.thread", "state.guard.mixin"]
    _order = "year desc, partner_id, key_id"

    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], track_visibility="onchange")
    year = fields.Integer(required=True, index=True, track_visibility="onchange",
                          default=lambda self: fields.Date.from_string(
                              fields.Date.context_today(self)).year - 1)
    key_id = fields.Many2one("ksm.allocation.key", string="Allocation key", required=True,
                             ondelete="restrict", track_visibility="onchange")
    unit = fields.Char(related="key_id.unit", readonly=True)
    quantity = fields.Integer(required=True, track_visibility="onchange")
    state = fields.Selection(REPORT_STATES, required=True, default="draft", readonly=True,
                             copy=False, index=True, track_visibility="onchange")
    comment = fields.Text(string="Comment of KSM", readonly=True, copy=False,
                          help="Why KSM sent the report back.")
    note = fields.Text(string="Comment of the Träger", copy=False,
                       track_visibility="onchange",
                       help="What the Träger says about the figure, e.g. why it changed "
                            "unusually against the previous year.")
    submitted_by_id = fields.Many2one("res.users", string="Submitted by", readonly=True,
                                      copy=False)
    submitted_on = fields.Datetime(string="Submitted on", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one("res.users", string="Confirmed by", readonly=True,
                                      copy=False)
    confirmed_on = fields.Datetime(string="Confirmed on", readonly=True, copy=False)
    previous_quantity = fields.Integer(
        compute="_compute_previous_quantity", string="Previous year",
        help="The Träger's confirmed quantity of this key in the previous year.")
    change_percent = fields.Float(
        compute="_compute_previous_quantity", string="Change (%)", digits=(16, 1),
        help="Change against the previous year's confirmed quantity.")
    is_new = fields.Boolean(
        compute="_compute_previous_quantity", string="New, please check",
        help="There is no confirmed quantity of the previous year to compare with.")
    implausible_change = fields.Boolean(
        compute="_compute_previous_quantity", string="Implausible change",
        help="The change against the previous year exceeds the key's maximum change.")

    _sql_constraints = [
        ("partner_year_key_unique", "unique(partner_id, year, key_id)",
         "A Träger reports one quantity per allocation key and year."),
        ("quantity_not_negative", "check(quantity >= 0)",
         "A quantity must not be negative."),
    ]

    @api.depends("partner_id", "year", "key_id", "quantity")
    def _compute_previous_quantity(self):
        for report in self:
            previous = report._previous_report()
            report.previous_quantity = previous.quantity
            report.is_new = bool(report.key_id) and not previous
            if previous.quantity:
                report.change_percent = \
                    (report.quantity - previous.quantity) * 100.0 / previous.quantity
            report.implausible_change = bool(previous) and bool(
                report.key_id._quantity_problem(report.quantity, previous.quantity))

    @api.constrains("quantity", "key_id")
    def _check_quantity(self):
        for report in self:
            problem = report.key_id._quantity_problem(report.quantity)
            if problem:
                raise ValidationError(problem)

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.from_string(fields.Date.context_today(self)).year
        for report in self:
            if not FIRST_YEAR <= report.year <= this_year + 1:
                raise ValidationError(_("Quantities can be reported for the years %d to "
                                        "%d, not for %d.") % (FIRST_YEAR, this_year + 1,
                                                              report.year))

    @api.constrains("year", "key_id", "quantity", "partner_id")
    def _check_year_open(self):
        """A closed year (one with a locked cost pool) takes quantities only for keys
        that still have a cost pool in draft: the others are allocated for good."""
        Pool = self.env["ksm.cost.pool"].sudo()
        for report in self:
            if not Pool.search_count([("year", "=", report.year), ("state", "=", "locked")]):
                continue
            if not Pool.search_count([("year", "=", report.year),
                                      ("key_id", "=", report.key_id.id),
                                      ("state", "=", "draft")]):
                raise ValidationError(_(
                    "The allocation of %(year)d is locked and no cost pool of key "
                    "%(key)s is open for it: quantities of %(key)s for %(year)d are no "
                    "longer accepted.") % {"year": report.year, "key": report.key_id.name})

    @api.constrains("partner_id")
    def _check_partner_id(self):
        for report in self:
            if not report.partner_id.ksm_is_traeger:
                raise ValidationError(_("%s is not a Träger: only Träger report "
                                        "quantities.") % report.partner_id.display_name)

    @api.multi
    def name_get(self):
        return [(report.id, "%s %d – %s" % (report.key_id.name, report.year,
                                             report.partner_id.name)) for report in self]

    # ------------------------------------------------------------------ access
    @api.model
    def _is_ksm_staff(self):
        return self.env.uid == SUPERUSER_ID or \
            self.env.user.has_group("ksm_base.group_ksm_user")

    @api.model
    def _may_report_quantities(self):
        """Whether the current user may enter and submit quantities for their Träger:
        KSM staff, and the finance contacts and signatories of a Träger."""
        if self._is_ksm_staff():
            return True
        contact = self.env.user.partner_id
        return bool(contact.commercial_partner_id.ksm_is_traeger and (
            contact.ksm_role_finance or contact.ksm_role_signatory))

    @api.model
    def _check_traeger_may_edit(self, partners, fields_changed, allowed_fields):
        """Refuse what a Träger's user may not do; KSM staff may do it all."""
        if self._is_ksm_staff():
            return
        if not self._may_report_quantities():
            raise AccessError(_("Only the finance contacts and signatories of a Träger "
                                "may report quantities."))
        if partners - self.env.user.partner_id.commercial_partner_id:
            raise AccessError(_("You can report quantities for your own Träger only."))
        if set(fields_changed) - allowed_fields:
            raise AccessError(_("You can change the quantity of a report only."))

    @api.model
    def _check_note_length(self, note):
        if len(note or "") > NOTE_MAX_LENGTH:
            raise UserError(_("A comment on a quantity may have at most %(max)d characters; "
                              "this one has %(length)d.") % {
                "max": NOTE_MAX_LENGTH, "length": len(note)})

    @api.model
    def create(self, vals):
        self._check_note_length(vals.get("note"))
        self._check_traeger_may_edit(self.env["res.partner"].browse(vals.get("partner_id")),
                                     vals, TRAEGER_CREATABLE_FIELDS)
        return super(KsmQuantityReport, self).create(vals)

    @api.multi
    def write(self, vals):
        if "note" in vals:
            self._check_note_length(vals["note"])
        if not self._state_guard_active():  # the workflow's steps check for themselves
            self._check_traeger_may_edit(self.mapped("partner_id"), vals,
                                         TRAEGER_WRITABLE_FIELDS)
        if "quantity" in vals:
            frozen = self.filtered(lambda report: report.state == "confirmed") if \
                self._is_ksm_staff() else self.filtered(
                    lambda report: report.state not in TRAEGER_EDITABLE_STATES)
            if frozen:
                raise UserError(frozen[0]._frozen_message())
        return super(KsmQuantityReport, self).write(vals)

    @api.multi
    def unlink(self):
        confirmed = self.filtered(lambda report: report.state == "confirmed")
        if confirmed:
            raise UserError(_("%s is confirmed and cannot be deleted; send it back "
                              "first.") % confirmed[0].display_name)
        return super(KsmQuantityReport, self).unlink()

    # ------------------------------------------------------------------ workflow
    @api.multi
    def action_submit(self):
        """Report the quantities to KSM. A Träger's user is held to the key's
        plausible change against the previous year as well."""
        for report in self:
            if report.state not in TRAEGER_EDITABLE_STATES:
                raise UserError(report._frozen_message())
            if not self._is_ksm_staff():
                problem = report.key_id._quantity_problem(
                    report.quantity, report._previous_report().quantity)
                if problem:
                    raise ValidationError(problem)
        self._check_traeger_may_edit(self.mapped("partner_id"), [], set())
        self.message_subscribe_users(user_ids=[self.env.uid])
        self._set_state("submitted", {
            "comment": False, "submitted_by_id": self.env.uid,
            "submitted_on": fields.Datetime.now()})
        return True

    @api.multi
    def action_withdraw(self):
        """The Träger takes submitted reports back before KSM confirms them: they are
        drafts again, to be corrected and submitted anew."""
        for report in self:
            if report.state != "submitted":
                raise UserError(_("%s is not waiting for KSM: only submitted reports can be "
                                  "withdrawn.") % report.display_name)
        self._check_traeger_may_edit(self.mapped("partner_id"), [], set())
        self._set_state("draft", {"submitted_by_id": False, "submitted_on": False})
        for report in self:
            report.message_post(body=_("Withdrawn by %s before KSM confirmed it.")
                                % self.env.user.name)
        return True

    @api.multi
    def _submission_text(self):
        """"Gemeldet von Jana Wolf am 03.02.2022 10:15 MEZ", local time; empty for a
        report that has not been submitted."""
        self.ensure_one()
        report = self.sudo()  # the submitter may be another contact of the Träger
        if not report.submitted_on:
            return ""
        return _("Reported by %(name)s on %(date)s") % {
            "name": report.submitted_by_id.name,
            "date": format_datetime(self.env, report.submitted_on, with_zone=True)}

    @api.multi
    def action_confirm(self):
        self._check_ksm_staff()
        confirmed = self.filtered(lambda report: report.state == "confirmed")
        if confirmed:
            raise UserError(_("%s is already confirmed.") % confirmed[0].display_name)
        for report in self:
            report._check_not_allocated()
        self._set_state("confirmed", {"comment": False,
                    "confirmed_by_id": self.env.uid,
                    "confirmed_on": fields.Datetime.now()})
        return True

    @api.multi
    def action_return(self, comment=None):
        """Send the reports back to the Träger, saying why (``comment``)."""
        self._check_ksm_staff()
        if not (comment or "").strip():
            raise UserError(_("Please say why the quantity report is sent back: the "
                              "Träger reads the comment in the portal."))
        for report in self:
            if report.state not in ("submitted", "confirmed"):
                raise UserError(_("%s has not been submitted: only submitted or confirmed "
                                  "reports can be sent back.") % report.display_name)
            report._check_not_allocated()
        self._set_state("returned", {"comment": comment.strip(),
                                     "confirmed_by_id": False, "confirmed_on": False})
        for report in self:
            report.message_post(body=_("Sent back: %s") % html_escape(comment.strip()),
                                subtype="mail.mt_comment")
        return True

    @api.multi
    def action_open_return_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Send back"),
            "res_model": "ksm.quantity.report.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_report_ids": [(6, 0, self.ids)]},
        }

    @api.model
    def _check_ksm_staff(self):
        if not self._is_ksm_staff():
            raise AccessError(_("Only KSM staff confirm quantity reports or send them "
                                "back."))

    # ------------------------------------------------------------------ helpers
    @api.multi
    def _frozen_message(self):
        """Why the quantity of this submitted or confirmed report cannot change."""
        self.ensure_one()
        if self.state == "confirmed":
            return _("%s is already confirmed: its quantity cannot be changed any more.") \
                % self.display_name
        return _("%s is already submitted: its quantity cannot be changed unless KSM sends "
                 "it back.") % self.display_name

    @api.multi
    def _previous_report(self):
        """The Träger's confirmed report of the same key in the previous year."""
        self.ensure_one()
        if not (self.partner_id and self.key_id and self.year):
            return self.browse()
        return self.search([("partner_id", "=", self.partner_id.id),
                            ("key_id", "=", self.key_id.id),
                            ("year", "=", self.year - 1),
                            ("state", "=", "confirmed")], limit=1)

    @api.multi
    def _check_not_allocated(self):
        """Confirmed quantities are what the allocated pools were distributed by: they
        change only while the pools of their key and year are drafts."""
        self.ensure_one()
        pools = self.env["ksm.cost.pool"].search([
            ("year", "=", self.year), ("key_id", "=", self.key_id.id),
            ("state", "!=", "draft")])
        if pools:
            raise UserError(_("%s: the cost pool %s of this key and year is already "
                              "allocated; reset it to draft before confirming or sending "
                              "back the report.") % (
                self.display_name, ", ".join(pools.mapped("display_name"))))
