from odoo import api, models

from ..tools.batch_create import create_batch, linked_ids

# Context key of the invoice run's validation: the journal entries of its invoices get
# their lines and analytic lines in one batch each (see BENCHMARKS.md, #20); without it
# (every other invoice and entry) Odoo creates them one by one, as always.
BATCH_VALIDATION = "ksm_batch_validation"
# What account's create of a journal item does besides inserting it is done here for
# the items of an invoice's entry (``AccountMove._ksm_batch_line_values``).
MOVE_LINE_CREATE = "odoo.addons.account.models.account_move.AccountMoveLine"
# The overrides of an analytic line's create: hr_timesheet and ksm_order_budget act on
# timesheets (a project, task or employee), ksm_helpdesk_order_budget on the time booked
# on a ticket; an invoice's analytic lines have none of them.
ANALYTIC_LINE_CREATES = (
    "odoo.addons.hr_timesheet.models.hr_timesheet.AccountAnalyticLine",
    "odoo.addons.ksm_order_budget.models.account_analytic_line.AccountAnalyticLine",
    "odoo.addons.ksm_helpdesk_order_budget.models.account_analytic_line.AccountAnalyticLine",
)
TIMESHEET_FIELDS = ("project_id", "task_id", "employee_id", "ksm_ticket_id")
# The fields of an invoice line computed by account's _compute_price, which depends on
# the invoice's accounting date only for the exchange rate of a foreign currency.
LINE_PRICE_FIELDS = ("price_subtotal", "price_total", "price_subtotal_signed")


class AccountInvoice(models.Model):
    _inherit = "account.invoice"

    @api.multi
    def write(self, vals):
        """In the invoice run's validation: the entry and accounting date that
        action_move_create writes on an invoice in its company's currency do not
        recompute the prices of its lines (an UPDATE and its dependencies per line, to
        the same values)."""
        if not (self.env.context.get(BATCH_VALIDATION) and "move_id" in vals
                and "date" in vals):
            return super(AccountInvoice, self).write(vals)
        lines = self.filtered(
            lambda invoice: invoice.currency_id == invoice.company_id.currency_id
        ).mapped("invoice_line_ids")
        Line = self.env["account.invoice.line"]
        with self.env.protecting([Line._fields[name] for name in LINE_PRICE_FIELDS], lines):
            return super(AccountInvoice, self).write(vals)


class AccountMove(models.Model):
    _inherit = "account.move"

    @api.model
    def create(self, vals):
        """In the invoice run's validation: the entry, then its lines in one batch."""
        commands = vals.get("line_ids") or []
        if (not self.env.context.get(BATCH_VALIDATION) or not commands
                or self.env.context.get("apply_taxes")
                or any(command[0] != 0 for command in commands)):
            return super(AccountMove, self).create(vals)
        move = super(AccountMove, self).create(dict(vals, line_ids=[]))
        # the context in which the ORM creates the lines of the command (its defaults
        # are the entry's, not the lines')
        context = {key: value for key, value in self.env.context.items()
                   if not key.startswith("default_")}
        lines = self.env["account.move.line"].with_context(
            context, check_move_validity=False, partner_id=vals.get("partner_id"))
        line_values = [move._ksm_batch_line_values(lines, command[2])
                       for command in commands]
        if all(line_values):
            create_batch(lines, line_values, checked_creates=[MOVE_LINE_CREATE])
        else:
            for command in commands:
                lines.create(dict(command[2], move_id=move.id))
        move.assert_balanced()
        return move

    def _ksm_batch_line_values(self, lines, vals):
        """The values account's create of a journal item would insert; None when it
        would do more than complete them (refuse the account, convert currencies)."""
        account = self.env["account.account"].browse(vals["account_id"])
        journal = self.journal_id
        allowed = (not (journal.type_control_ids or journal.account_control_ids)
                   or account.user_type_id in journal.type_control_ids
                   or account in journal.account_control_ids)
        if (account.deprecated or not allowed or vals.get("journal_id") or vals.get("date")
                or ("amount_currency" not in vals and account.currency_id
                    and account.currency_id != account.company_id.currency_id)):
            return None
        vals = dict(vals, move_id=self.id,
                    date_maturity=vals.get("date_maturity") or self.date)
        if not vals.get("partner_id") and lines.env.context.get("partner_id"):
            vals["partner_id"] = lines.env.context["partner_id"]
        taxes = self.env["account.tax"]
        if vals.get("tax_line_id"):
            taxes = taxes.browse(vals["tax_line_id"])
        if vals.get("tax_ids"):
            tax_ids = linked_ids(vals["tax_ids"])
            if tax_ids is None:
                return None
            taxes = taxes.browse(tax_ids)
        if "on_payment" in taxes.mapped("tax_exigibility") and not vals.get("tax_exigible"):
            vals["tax_exigible"] = False
        return vals


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    @api.multi
    def create_analytic_lines(self):
        """In the invoice run's validation: the analytic lines in one batch."""
        if not self.env.context.get(BATCH_VALIDATION):
            return super(AccountMoveLine, self).create_analytic_lines()
        self.mapped("analytic_line_ids").unlink()
        values = [line._prepare_analytic_line()[0] for line in self
                  if line.analytic_account_id]
        timesheets = any(vals.get(name) for vals in values for name in TIMESHEET_FIELDS)
        create_batch(self.env["account.analytic.line"], values,
                     checked_creates=() if timesheets else ANALYTIC_LINE_CREATES)
