import logging
import threading
from collections import OrderedDict
from contextlib import contextmanager

import psycopg2
from babel.dates import format_date as babel_format_date

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.tools.misc import format_date, formatLang

from odoo.addons.ksm_base.tools import counted, from_cents, to_cents

from ..tools.batch_create import create_batch
from ..tools.invoice_schedule import due_parts, run_period
from .account_move import BATCH_VALIDATION

_logger = logging.getLogger(__name__)

RUN_PERIOD_TYPES = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("year", "Year"),
]
RUN_STATES = [
    ("draft", "Draft"),
    ("queued", "Queued"),
    ("running", "Running"),
    ("done", "Done"),
    ("failed", "Done with errors"),
]
# sheets whose services are invoiced: in force, or closed after their year
INVOICEABLE_SHEET_STATES = ("active", "closed")
# First key of the PostgreSQL advisory lock that lets one invoice run at a time work
# for a company (the second key is the company): "KSM" in ASCII.
RUN_LOCK_CLASS = 0x4B534D
# Invoices of a run are created without chatter bookkeeping: no tracking, no
# followers, no creation message.
QUIET_CONTEXT = {
    "tracking_disable": True,
    "mail_create_nolog": True,
    "mail_create_nosubscribe": True,
    "mail_notrack": True,
}


def _date(value):
    return fields.Date.from_string(value)


def period_number(period_type, day):
    """The month or quarter of ``day`` (1 for a year)."""
    if period_type == "month":
        return day.month
    if period_type == "quarter":
        return (day.month - 1) // 3 + 1
    return 1


class KsmInvoiceRun(models.Model):
    """An invoice run: the invoices of every Träger for what is due in a period.

    For each Träger the run creates one customer invoice per service sheet and VAT group
    (not taxable, taxable) with everything due by the end of the period and not invoiced
    yet (see ``tools/invoice_schedule.py``), records each invoiced service period in
    ``ksm.invoice.run.item`` and, by setting, validates the invoices.

    Starting a run queues it as a background job (``base_background_job``): the cron
    worker runs it, not the HTTP request of the button, and the form follows its
    progress. A job whose process died is picked up again by the next runner.

    Each Träger is processed in a transaction of its own: its invoices, its register
    rows and its state in the run are committed together. A failure of one Träger is
    recorded on the run and the others go on. A run that was killed is resumed by
    its job, or by starting it again: the Träger already invoiced have nothing due any
    more. Only one
    run at a time works for a company (PostgreSQL advisory lock); a second one is
    refused before it creates anything.
    """

    _name = "ksm.invoice.run"
    _description = "Invoice run"
    _inherit = ["mail.thread", "state.guard.mixin", "ksm.invoicing.mixin",
                "background.job.mixin"]
    _order = "date_start desc, id desc"

    name = fields.Char(string="Number", required=True, readonly=True, copy=False,
                       default="/")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 readonly=True, default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    period_type = fields.Selection(RUN_PERIOD_TYPES, string="Period type", required=True,
                                   readonly=True)
    date_start = fields.Date(string="Period from", required=True, readonly=True)
    date_end = fields.Date(string="Period until", required=True, readonly=True)
    period_label = fields.Char(string="Period", compute="_compute_period_label")
    date_invoice = fields.Date(
        string="Invoice date", required=True, readonly=True,
        states={"draft": [("readonly", False)]}, track_visibility="onchange")
    auto_validate = fields.Boolean(
        string="Validate invoices", readonly=True, states={"draft": [("readonly", False)]},
        track_visibility="onchange",
        help="Validate the invoices at once (they get their number and XRechnung). "
             "Otherwise they stay drafts to be checked and validated by hand.")
    state = fields.Selection(RUN_STATES, string="Status", required=True, default="draft",
                             readonly=True, copy=False, track_visibility="onchange")
    started_by_id = fields.Many2one("res.users", string="Started by", readonly=True)
    date_started = fields.Datetime(string="Started on", readonly=True)
    date_last_progress = fields.Datetime(
        string="Last progress", readonly=True,
        help="When the run last finished a Träger.")
    date_finished = fields.Datetime(string="Finished on", readonly=True)
    partner_line_ids = fields.One2many("ksm.invoice.run.partner", "run_id",
                                       string="Träger", readonly=True)
    invoice_ids = fields.One2many("account.invoice", "ksm_invoice_run_id",
                                  string="Invoices", readonly=True)
    traeger_count = fields.Integer(string="Träger", compute="_compute_progress")
    processed_count = fields.Integer(string="Processed", compute="_compute_progress")
    failed_count = fields.Integer(string="Failed", compute="_compute_progress")
    progress = fields.Float(compute="_compute_progress")
    is_interrupted = fields.Boolean(
        string="Interrupted", compute="_compute_is_interrupted",
        help="The run is marked as running but no process works on it and no background "
             "job will resume it: continue it.")
    invoice_count = fields.Integer(string="Invoices", compute="_compute_amounts")
    amount_untaxed = fields.Monetary(string="Untaxed", compute="_compute_amounts")
    amount_total = fields.Monetary(string="Total", compute="_compute_amounts")

    _sql_constraints = [
        ("company_period_unique", "unique(company_id, period_type, date_start)",
         "There is one invoice run per period: continue the existing one."),
    ]

    # ------------------------------------------------------------------ fields
    @api.depends("period_type", "date_start")
    def _compute_period_label(self):
        for run in self:
            run.period_label = run._period_label(
                run.period_type, run.date_start) if run.date_start else False

    @api.model
    def _period_label(self, period_type, date_start):
        """E.g. "Januar 2022", "1. Quartal 2022", "2022", in the context's language."""
        start = _date(date_start)
        if period_type == "month":
            return babel_format_date(start, "MMMM yyyy",
                                     locale=self.env.context.get("lang") or "en_US")
        if period_type == "quarter":
            return _("Q%(quarter)s %(year)s") % {
                "quarter": period_number("quarter", start), "year": start.year}
        return str(start.year)

    @api.depends("partner_line_ids.state")
    def _compute_progress(self):
        for run in self:
            states = run.partner_line_ids.mapped("state")
            run.traeger_count = len(states)
            run.failed_count = states.count("failed")
            run.processed_count = run.failed_count + states.count("done")
            run.progress = (100.0 * run.processed_count / run.traeger_count
                            if run.traeger_count else 0.0)

    @api.depends("state")
    def _compute_is_interrupted(self):
        for run in self:
            # a run whose job is still queued or running is resumed by the job runner
            run.is_interrupted = (run.state == "running" and not run._is_locked()
                                  and not run._background_jobs("_run_locked"))

    @api.depends("invoice_ids.amount_untaxed", "invoice_ids.amount_total",
                 "invoice_ids.state")
    def _compute_amounts(self):
        for run in self:
            run.update(run.invoice_ids._ksm_run_totals())

    @api.multi
    def name_get(self):
        return [(run.id, "%s (%s)" % (run.name, run.period_label)) for run in self]

    @api.model
    def create(self, vals):
        if vals.get("name", "/") == "/":
            vals = dict(vals, name=self.env["ir.sequence"].next_by_code("ksm.invoice.run")
                        or "/")
        return super(KsmInvoiceRun, self).create(vals)

    @api.multi
    def unlink(self):
        for run in self:
            if run.state != "draft" or run.invoice_ids:
                raise UserError(_(
                    "The invoice run %s has already invoiced: it is kept as the record of "
                    "what was invoiced.") % run.name)
        return super(KsmInvoiceRun, self).unlink()

    @api.model
    def _find_or_create(self, company, period_type, year, number, date_invoice,
                        auto_validate):
        """The run of a period: the existing one (continued as it is) or a new draft."""
        date_start, date_end = run_period(period_type, year, number)
        run = self.search([("company_id", "=", company.id), ("period_type", "=", period_type),
                           ("date_start", "=", fields.Date.to_string(date_start))])
        if run:
            return run
        return self.create({
            "company_id": company.id,
            "period_type": period_type,
            "date_start": fields.Date.to_string(date_start),
            "date_end": fields.Date.to_string(date_end),
            "date_invoice": date_invoice,
            "auto_validate": auto_validate,
        })

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_start(self):
        """Queue the run to start, continue (after an interruption or failures) or
        repeat; the cron worker runs it within a minute."""
        self.ensure_one()
        with self._company_lock(self.company_id):
            self._enqueue()
        return self._get_form_action()

    def _enqueue(self):
        """Queue the run as a background job; refused while a run of the company is
        queued or running. Call it holding the company's lock: the run is committed
        queued before the lock is released, so that a second start sees it."""
        self._get_sale_journal()  # a setup problem is told at once, not by the job
        unfinished = self.search([("company_id", "=", self.company_id.id),
                                  ("state", "in", ("queued", "running"))])
        busy = unfinished._background_jobs("_run_locked")
        if busy:
            raise UserError(self._running_message(self.company_id,
                                                  self.browse(busy[0].res_id)))
        self.with_context(QUIET_CONTEXT)._set_state("queued", {
            "started_by_id": self.env.uid, "date_started": fields.Datetime.now()})
        self._enqueue_background_job("_run_locked", _("Invoice run %s") % self.name)
        self._commit()

    def _run_locked(self):
        """The run's background job: the whole run, holding the company's lock."""
        self.ensure_one()
        with self._company_lock(self.company_id):
            self._execute()

    def _background_job_failed(self, job):
        """A run whose job failed or was cancelled before it began is ready to be
        started again."""
        if self.state == "queued":
            self.with_context(QUIET_CONTEXT)._set_state(
                "failed" if self.partner_line_ids else "draft")

    @api.multi
    def action_view_invoices(self):
        return self.mapped("invoice_ids")._ksm_list_action()

    @api.multi
    def action_send_invoices(self):
        """E-mail the validated invoices not sent yet, each with its PDF and XRechnung.

        Checked here, done by a background job (rendering the PDFs takes a while): the
        mails are queued (the mail queue sends them); each invoice notes it in its
        chatter and counts as sent.
        """
        self.ensure_one()
        invoices = self.invoice_ids.filtered(
            lambda invoice: invoice.state in ("open", "paid") and not invoice.sent)
        if not invoices:
            raise UserError(_(
                "The invoice run %s has no validated invoices that were not sent yet.")
                % self.name)
        without_address = invoices.filtered(lambda invoice: not invoice.partner_id.email)
        if without_address:
            raise UserError(_(
                "These invoice recipients have no e-mail address; enter it on their "
                "contact form first, nothing was sent:\n%s") % "\n".join(
                    "- %s" % name for name in sorted(set(
                        without_address.mapped("partner_id.display_name")))))
        self._enqueue_background_job("_send_invoices",
                                     _("Invoice run %s: send by e-mail") % self.name)
        return True

    def _send_invoices(self):
        """The background job of "Send by e-mail": each invoice in a transaction of
        its own, so that a restarted job sends only those not sent yet."""
        self.ensure_one()
        template = self.env.ref("account.email_template_edi_invoice")
        invoices = self.invoice_ids.filtered(
            lambda invoice: invoice.state in ("open", "paid") and not invoice.sent
            and invoice.partner_id.email)
        for invoice in invoices:
            invoice._ksm_send_by_email(template)
            self._commit()
        self.message_post(body=counted(len(invoices), _("%d invoice sent by e-mail."),
                                       _("%d invoices sent by e-mail.")))

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

    # ------------------------------------------------------------------ running
    @api.multi
    def _execute(self):
        """Invoice every Träger with something due, each in a transaction of its own.

        Call it holding the company's lock (``_company_lock``).
        """
        self.ensure_one()
        self._start()
        self._commit()
        PartnerLine = self.env["ksm.invoice.run.partner"]
        for line_id in self.partner_line_ids.filtered(lambda line: line.state != "done").ids:
            # each Träger with records of its own (browse without the run's prefetch):
            # reading its data must not read that of all Träger again and again
            self.browse(self.id)._process_partner_line(PartnerLine.browse(line_id))
            self._commit()
            # after the commit the next transaction sees what others changed meanwhile
            self.invalidate_cache()
        self._finish()
        self._commit()

    def _commit(self):
        """Commit the work done so far: each Träger in a transaction of its own.

        Not in tests (they roll back at their end), nor while modules are being
        installed (the demo runs): an installation is one transaction.
        """
        if self.pool.ready and not getattr(threading.currentThread(), "testing", False):
            self.env.cr.commit()

    @contextmanager
    def _company_lock(self, company):
        """Hold the company's run lock, or refuse before anything is created.

        A PostgreSQL session lock on a connection of its own: it survives the commits
        of each Träger and is released when the run ends, or by PostgreSQL when the
        process dies (kill -9): no stale lock remains.
        """
        lock_cursor = self.pool.cursor()
        try:
            lock_cursor.execute("SELECT pg_try_advisory_lock(%s, %s)",
                                (RUN_LOCK_CLASS, company.id))
            locked = lock_cursor.fetchone()[0]
            lock_cursor.commit()
        except Exception:
            lock_cursor.close()
            raise
        if not locked:
            lock_cursor.close()
            raise UserError(self._running_message(company))
        try:
            yield
        finally:
            self._release_lock(lock_cursor, company)

    def _release_lock(self, lock_cursor, company):
        try:
            lock_cursor.execute("SELECT pg_advisory_unlock(%s, %s)",
                                (RUN_LOCK_CLASS, company.id))
            lock_cursor.commit()
        except psycopg2.Error:
            # closing the connection itself ends the session and its lock
            _logger.exception("Releasing the invoice run lock failed; closing its connection")
            lock_cursor._cnx.close()
        finally:
            lock_cursor.close()

    def _is_locked(self):
        """Whether a process holds the company's run lock right now."""
        self.env.cr.execute("SELECT pg_try_advisory_lock(%s, %s)",
                            (RUN_LOCK_CLASS, self.company_id.id))
        if not self.env.cr.fetchone()[0]:
            return True
        self.env.cr.execute("SELECT pg_advisory_unlock(%s, %s)",
                            (RUN_LOCK_CLASS, self.company_id.id))
        return False

    @api.model
    def _running_message(self, company, running=None):
        """Why a run cannot start: ``running`` (default: the company's other run that
        last made progress) is queued or in progress."""
        running = (running or self.search([("company_id", "=", company.id),
                                           ("state", "in", ("queued", "running")),
                                           ("id", "not in", self.ids)],
                                          order="date_last_progress desc", limit=1)).sudo()
        if not running:
            return _("Another invoice run of %s is in progress. Wait until it has finished; "
                     "nothing was created.") % company.name
        started_on = fields.Datetime.context_timestamp(
            self, fields.Datetime.from_string(running.date_started))
        return _("An invoice run is already in progress for %(company)s: %(run)s for "
                 "%(period)s, started by %(user)s on %(date)s at %(time)s. Wait until it "
                 "has finished; nothing was created.") % {
            "company": company.name,
            "run": running.name,
            "period": running.period_label,
            "user": running.started_by_id.name,
            "date": format_date(self.env, started_on.date()),
            "time": started_on.strftime("%H:%M"),
        }

    def _start(self):
        """Check the setup, add the Träger with something due, mark the run running."""
        self._get_sale_journal()
        now = fields.Datetime.now()
        lines_by_partner = {line.partner_id: line for line in self.partner_line_ids}
        PartnerLine = self.env["ksm.invoice.run.partner"]
        for partner in self._collect_due_items():
            line = lines_by_partner.get(partner)
            if not line:
                PartnerLine.create({"run_id": self.id, "partner_id": partner.id})
            elif line.state == "done":  # something new became due since
                line._set_state("pending")
        self.with_context(QUIET_CONTEXT)._set_state("running", {
            "started_by_id": self.env.uid,
            "date_started": now,
            "date_last_progress": now,
            "date_finished": False,
        })

    def _process_partner_line(self, partner_line):
        """Invoice one Träger; on failure record why and leave nothing half done."""
        try:
            with self.env.cr.savepoint():
                self._invoice_partner(partner_line)
        except Exception as error:  # one Träger's failure must not stop the others
            self.env.clear()  # forget what the failed savepoint had cached
            message = self._failure_message(error, partner_line.partner_id)
            partner_line._set_state("failed", {"message": message,
                                               "date_done": fields.Datetime.now()})
        self.with_context(QUIET_CONTEXT).write(
            {"date_last_progress": fields.Datetime.now()})

    def _failure_message(self, error, partner):
        if isinstance(error, (UserError, ValidationError, AccessError, MissingError)):
            return error.name
        if isinstance(error, psycopg2.IntegrityError):
            _logger.warning("Invoice run %s: %s already invoiced: %s", self.name,
                            partner.name, error)
            return _("Services of %s were invoiced by another process at the same time; "
                     "nothing was invoiced twice. Start the run again.") % partner.name
        _logger.exception("Invoice run %s failed for %s", self.name, partner.name)
        return _("Unexpected error: %s") % error

    def _finish(self):
        failed = self.partner_line_ids.filtered(lambda line: line.state == "failed")
        self.with_context(QUIET_CONTEXT)._set_state("failed" if failed else "done", {
            "date_finished": fields.Datetime.now(),
        })
        body = _("Invoice run finished: %(invoices)d invoices for %(traeger)d Träger, "
                 "%(failed)d failed.") % {
            "invoices": self.invoice_count, "traeger": self.traeger_count,
            "failed": len(failed)}
        self.message_post(body=body)

    # ------------------------------------------------------------------ what is due
    def _collect_due_items(self, partners=None):
        """What is due in the run and not invoiced yet, per Träger.

        :param partners: the Träger to look at (default: all)
        :returns: OrderedDict Träger -> list of due items (``_prepare_due_item``)
        """
        domain = [("company_id", "=", self.company_id.id),
                  ("year", "=", _date(self.date_start).year),
                  ("state", "in", INVOICEABLE_SHEET_STATES)]
        if partners is not None:
            domain.append(("partner_id", "in", partners.ids))
        sheets = self.env["ksm.service.sheet"].search(domain)
        # an order budget is invoiced by its calls, not by its planned amount
        lines = sheets.mapped("line_ids").filtered(
            lambda line: line.category != "order_budget")
        invoiced_periods, invoiced_reserves = self._invoiced_register(lines)
        earlier = self._invoiced_until_by_earlier_revisions(sheets)
        due = OrderedDict()
        for line in lines.sorted(lambda line: (line.partner_id.name, line.sheet_id.name,
                                               line.sequence, line.id)):
            items = self._due_items_of_line(line, invoiced_periods, invoiced_reserves,
                                            earlier)
            if items:
                due.setdefault(line.partner_id, []).extend(items)
        for partner, items in self._collect_order_call_items(sheets).items():
            due.setdefault(partner, []).extend(items)
        return due

    def _collect_order_call_items(self, sheets):
        """The calls on the sheets' order budgets that are done and not invoiced yet.

        A call is invoiced for what it consumed (its timesheets, else its amount), on the
        order budget's line of the sheet, dated with the call; the invoice marks it
        invoiced. Other sources of due items extend ``_collect_due_items`` the same way:
        ``item_values`` go into the item's register row, with a unique index of its own.

        :returns: dict Träger -> list of due items
        """
        calls = self.env["ksm.order.call"].search([
            ("budget_id.sheet_id", "in", sheets.ids), ("state", "=", "done"),
            ("date", "<=", self.date_end)], order="date, id")
        due = {}
        for call in calls:
            line = call.budget_id.sheet_id.line_ids.filtered(
                lambda sheet_line: sheet_line.category == "order_budget")[:1]
            date = _date(call.date)
            item = self._prepare_due_item(line, "order_call", date, date,
                                          call.amount_consumed)
            name = _("Order budget call: %s") % call.name
            if call.timesheet_hours:
                name = "%s\n%s" % (name, _("%(hours)s hours at %(rate)s") % {
                    "hours": formatLang(self.env, call.timesheet_hours),
                    "rate": formatLang(self.env, call.hourly_rate,
                                       currency_obj=call.currency_id)})
            item.update(name=name, quantity=1.0, item_values={"order_call_id": call.id})
            due.setdefault(call.partner_id, []).append(item)
        return due

    def _invoiced_register(self, lines):
        """The register of what the sheet lines have been invoiced for.

        :returns: (set of (line id, first day, last day) of invoiced service periods,
            dict line id -> amount invoiced of an investment reserve)
        """
        periods, reserves = set(), {}
        if not lines:
            return periods, reserves
        # one query: a year run of all Träger reads tens of thousands of rows
        self.env.cr.execute("""
            SELECT sheet_line_id, kind, period_start, period_end, amount
              FROM ksm_invoice_run_item
             WHERE sheet_line_id = ANY(%s)
        """, [lines.ids])
        for line_id, kind, start, end, amount in self.env.cr.fetchall():
            if kind == "reserve":
                reserves[line_id] = reserves.get(line_id, 0.0) + amount
            else:
                periods.add((line_id, _date(start), _date(end)))
        return periods, reserves

    def _invoiced_until_by_earlier_revisions(self, sheets):
        """Up to which day earlier revisions of the sheets invoiced each service.

        A revision that comes into force during the year continues where the revision
        before stopped: periods already invoiced are not invoiced again (differences
        belong to the yearly true-up).

        :returns: dict (sheet id, product id) -> last day invoiced
        """
        earlier_by_sheet = {}
        for sheet in sheets:
            previous = sheet.previous_revision_id
            while previous:
                earlier_by_sheet.setdefault(previous.id, []).append(sheet.id)
                previous = previous.previous_revision_id
        if not earlier_by_sheet:
            return {}
        self.env.cr.execute("""
            SELECT item.sheet_id, line.product_id, MAX(item.period_end)
              FROM ksm_invoice_run_item item
              JOIN ksm_service_sheet_line line ON line.id = item.sheet_line_id
             WHERE item.sheet_id = ANY(%s) AND item.kind = 'service'
             GROUP BY item.sheet_id, line.product_id
        """, [list(earlier_by_sheet)])
        until = {}
        for earlier_sheet_id, product_id, last_day in self.env.cr.fetchall():
            last_day = _date(last_day)
            for sheet_id in earlier_by_sheet[earlier_sheet_id]:
                key = (sheet_id, product_id)
                until[key] = max(until.get(key, last_day), last_day)
        return until

    def _due_items_of_line(self, line, invoiced_periods, invoiced_reserves, earlier):
        run_end = _date(self.date_end)
        currency = line.currency_id
        if line.is_reserve:
            # an investment reserve is invoiced for what the Träger has called
            open_amount = currency.round(
                line.reserve_called_amount - invoiced_reserves.get(line.id, 0.0))
            if (currency.compare_amounts(open_amount, 0.0) <= 0
                    or not line.reserve_called_on or _date(line.reserve_called_on) > run_end):
                return []
            return [self._prepare_due_item(
                line, "reserve", _date(line.date_from), _date(line.date_to), open_amount,
                reserve_called_total=line.reserve_called_amount)]
        digits = currency.decimal_places
        invoiced_until = earlier.get((line.sheet_id.id, line.product_id.id))
        items = []
        for start, end, cents in due_parts(_date(line.date_from), _date(line.date_to),
                                           line.billing_rhythm,
                                           to_cents(line.subtotal, digits), run_end):
            if (not cents or (line.id, start, end) in invoiced_periods
                    or (invoiced_until and start <= invoiced_until)):
                continue
            items.append(self._prepare_due_item(line, "service", start, end,
                                                from_cents(cents, digits)))
        return items

    @api.model
    def _prepare_due_item(self, line, kind, start, end, amount, reserve_called_total=0.0):
        return {
            "kind": kind,
            "line": line,
            "sheet": line.sheet_id,
            "partner": line.partner_id,
            "product": line.product_id,
            "category": line.category,
            "name": line.name,
            "quantity": line.quantity,
            "period_start": start,
            "period_end": end,
            "amount": amount,
            "reserve_called_total": reserve_called_total,
            "item_values": {},
        }

    # ------------------------------------------------------------------ invoicing
    def _invoice_partner(self, partner_line):
        """Create (and validate) the invoices of one Träger with its register rows."""
        partner = partner_line.partner_id
        run = self.with_context(QUIET_CONTEXT, lang=partner.lang or self.env.lang,
                                force_company=self.company_id.id)
        due = run._collect_due_items(partner).get(partner, [])
        invoices = run.env["account.invoice"]
        if due:
            setup = run._prepare_invoicing_setup()
            for (sheet, taxable), items in run._group_due_items(due, setup).items():
                invoices |= run._create_invoice(partner_line, sheet, taxable, items, setup)
            if self.auto_validate:
                invoices.with_context(**{BATCH_VALIDATION: True}).action_invoice_open()
        partner_line._set_state("done", {"message": False,
                                         "date_done": fields.Datetime.now()})
        return invoices

    def _group_due_items(self, due, setup):
        """One invoice per service sheet and VAT group: an e-invoice must not mix
        services not subject to VAT (category O) with taxable ones (BR-O-11 to 14).

        :returns: OrderedDict (sheet, taxable) -> due items
        """
        groups = OrderedDict()
        for item in due:
            taxable = self._is_taxable(item["category"], setup)
            groups.setdefault((item["sheet"], taxable), []).append(item)
        return groups

    def _create_invoice(self, partner_line, sheet, taxable, items, setup):
        """One invoice with its lines and register rows (created in one batch)."""
        invoice_values, line_values = self._prepare_invoice(
            partner_line, sheet, taxable, items, setup)
        invoice, invoice_lines = self._create_invoice_with_lines(invoice_values, line_values)
        create_batch(self.env["ksm.invoice.run.item"], [
            self._prepare_register_row(invoice_line, item)
            for invoice_line, item in zip(invoice_lines, items)])
        self.env["ksm.order.call"].browse([
            item["item_values"]["order_call_id"] for item in items
            if item["kind"] == "order_call"]).action_mark_invoiced()
        return invoice

    def _create_invoice_with_lines(self, invoice_values, line_values):
        """The invoice, its lines and its tax lines; returns (invoice, lines).

        The values are complete, so that ``create`` runs no onchange; the lines and the
        tax lines are created in one batch each (Odoo 11's ``create``, also with the
        lines as ``(0, 0, values)`` commands, creates them one by one: see
        BENCHMARKS.md, variant ``orm-draft``). The tax lines are what ``compute_taxes``
        makes of ``get_taxes_values`` for a new invoice, computed once.
        """
        invoice = self.env["account.invoice"].create(invoice_values)
        invoice_lines = create_batch(self.env["account.invoice.line"], [
            dict(values, invoice_id=invoice.id) for values in line_values])
        create_batch(self.env["account.invoice.tax"],
                     list(invoice.get_taxes_values().values()))
        return invoice, invoice_lines

    def _prepare_invoice(self, partner_line, sheet, taxable, items, setup):
        """The values of one invoice and of its lines.

        :returns: (invoice values, list of line values)
        """
        partner = partner_line.partner_id.with_env(self.env)
        if taxable:
            label = _("Service sheet %(sheet)s, %(period)s (taxable services)")
        else:
            label = _("Service sheet %(sheet)s, %(period)s")
        header = self._prepare_invoice_header(
            partner, "out_invoice", sheet.currency_id, setup, self.date_invoice,
            sheet.name, label % {"sheet": sheet.name, "period": self.period_label})
        lines = [self._prepare_invoice_line(number, item, setup, header.fiscal_position,
                                            header.analytic_account)
                 for number, item in enumerate(items, 1)]
        return dict(header.values, partner_bank_id=False, ksm_invoice_run_id=self.id,
                    ksm_invoice_run_partner_id=partner_line.id,
                    ksm_service_sheet_id=sheet.id), lines

    def _prepare_invoice_line(self, number, item, setup, fiscal_position,
                              analytic_account):
        line = item["line"]
        product = item["product"]
        currency = line.currency_id
        tax = fiscal_position.map_tax(self._tax_of(item["category"], setup), product,
                                      line.partner_id)
        account = fiscal_position.map_account(
            self._income_account_of(product, item["category"], setup))
        name = item["name"]
        values = {}
        if item["kind"] == "service":
            # as the sheet states it: quantity x price x the share of the year billed;
            # the line itself bills the part's amount, exact to the cent
            values = {
                "ksm_billed_quantity": line.quantity,
                "ksm_billed_uom_id": line.uom_id.id,
                "ksm_sheet_price": line.price_unit,
                "ksm_billed_months": 0 if line.billing_rhythm == "once" else (
                    (item["period_end"].year - item["period_start"].year) * 12
                    + item["period_end"].month - item["period_start"].month + 1),
            }
            quantity, price_unit, uom = 1.0, item["amount"], setup["lump_sum"]
        else:
            quantity, uom = item["quantity"], line.uom_id
            price_unit = currency.round(item["amount"] / quantity)
            if currency.compare_amounts(quantity * price_unit, item["amount"]):
                quantity, price_unit, uom = 1.0, item["amount"], setup["lump_sum"]
        return {
            "sequence": number,
            "product_id": product.id,
            "name": name,
            "quantity": quantity,
            "uom_id": uom.id,
            "price_unit": price_unit,
            "account_id": account.id,
            "invoice_line_tax_ids": [(6, 0, tax.ids)],
            "account_analytic_id": analytic_account.id,
            "start_date": fields.Date.to_string(item["period_start"]),
            "end_date": fields.Date.to_string(item["period_end"]),
            "ksm_sheet_id": item["sheet"].id,
            "ksm_sheet_line_id": line.id,
            **values
        }

    def _prepare_register_row(self, invoice_line, item):
        """The register row of an invoice line (written in the invoice's transaction)."""
        return dict({
            "kind": item["kind"],
            "sheet_line_id": item["line"].id,
            "sheet_id": item["sheet"].id,
            "partner_id": item["partner"].id,
            "period_start": fields.Date.to_string(item["period_start"]),
            "period_end": fields.Date.to_string(item["period_end"]),
            "reserve_called_total": item["reserve_called_total"],
            "amount": item["amount"],
            "currency_id": invoice_line.currency_id.id,
            "invoice_line_id": invoice_line.id,
            "invoice_id": invoice_line.invoice_id.id,
            "run_id": self.id,
        }, **item["item_values"])

    # ------------------------------------------------------------------ scheduled
    @api.model
    def _cron_invoice_due_period(self):
        """Scheduled action: the run of the current period of each company with sheets
        in force, by the company's period type and validation setting."""
        today = _date(fields.Date.context_today(self))
        Sheet = self.env["ksm.service.sheet"]
        for company in self.env["res.company"].search([]):
            if not Sheet.search_count([("company_id", "=", company.id),
                                       ("year", "=", today.year),
                                       ("state", "in", INVOICEABLE_SHEET_STATES)]):
                continue
            period_type = company.ksm_invoice_run_period_type or "quarter"
            try:
                with self._company_lock(company):
                    run = self.with_context(force_company=company.id)._find_or_create(
                        company, period_type, today.year, period_number(period_type, today),
                        fields.Date.to_string(today), company.ksm_invoice_run_validate)
                    run._execute()
            except UserError as error:
                _logger.warning("Scheduled invoice run of %s not done: %s", company.name,
                                error.name)
