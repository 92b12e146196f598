from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..models.ksm_invoice_run import RUN_PERIOD_TYPES, period_number
from ..tools.invoice_schedule import run_period

MONTHS = [
    ("1", "January"), ("2", "February"), ("3", "March"), ("4", "April"), ("5", "May"),
    ("6", "June"), ("7", "July"), ("8", "August"), ("9", "September"),
    ("10", "October"), ("11", "November"), ("12", "December"),
]
QUARTERS = [("1", "Q1"), ("2", "Q2"), ("3", "Q3"), ("4", "Q4")]


def _today(record):
    return fields.Date.from_string(fields.Date.context_today(record))


class KsmInvoiceRunWizard(models.TransientModel):
    """Start an invoice run for a period after a preview per Träger with totals."""

    _name = "ksm.invoice.run.wizard"
    _description = "Start an invoice run"

    state = fields.Selection([("period", "Period"), ("preview", "Preview")],
                             default="period", required=True)
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    period_type = fields.Selection(
        RUN_PERIOD_TYPES, string="Period type", required=True,
        default=lambda self: self.env.user.company_id.ksm_invoice_run_period_type
        or "quarter")
    year = fields.Integer(required=True, default=lambda self: _today(self).year)
    month = fields.Selection(MONTHS, default=lambda self: str(_today(self).month))
    quarter = fields.Selection(
        QUARTERS, default=lambda self: str(period_number("quarter", _today(self))))
    date_invoice = fields.Date(string="Invoice date", required=True,
                               default=fields.Date.context_today)
    auto_validate = fields.Boolean(
        string="Validate invoices",
        default=lambda self: self.env.user.company_id.ksm_invoice_run_validate,
        help="Validate the invoices at once (they get their number and XRechnung). "
             "Otherwise they stay drafts to be checked and validated by hand.")
    period_label = fields.Char(string="Period", readonly=True)
    existing_run_id = fields.Many2one(
        "ksm.invoice.run", string="Existing run", readonly=True,
        help="The run of this period, which is continued: it invoices only what has not "
             "been invoiced yet.")
    line_ids = fields.One2many("ksm.invoice.run.wizard.line", "wizard_id",
                               string="Preview", readonly=True)
    traeger_count = fields.Integer(string="Träger", compute="_compute_totals")
    invoice_count = fields.Integer(string="Invoices", compute="_compute_totals")
    amount_untaxed = fields.Monetary(string="Untaxed", compute="_compute_totals")
    amount_tax = fields.Monetary(string="Tax", compute="_compute_totals")
    amount_total = fields.Monetary(string="Total", compute="_compute_totals")
    problem_count = fields.Integer(string="Problems", compute="_compute_totals")

    @api.depends("line_ids")
    def _compute_totals(self):
        for wizard in self:
            lines = wizard.line_ids
            wizard.traeger_count = len(lines)
            wizard.invoice_count = sum(lines.mapped("invoice_count"))
            wizard.amount_untaxed = sum(lines.mapped("amount_untaxed"))
            wizard.amount_tax = sum(lines.mapped("amount_tax"))
            wizard.amount_total = sum(lines.mapped("amount_total"))
            wizard.problem_count = len(lines.filtered("problem"))

    @api.constrains("year")
    def _check_year(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2099:
                raise ValidationError(_("The year %s is not a valid budget year (2000 to 2099).")
                                % wizard.year)

    def _period_number(self):
        if self.period_type == "month":
            if not self.month:
                raise UserError(_("Choose the month of the invoice run."))
            return int(self.month)
        if self.period_type == "quarter":
            if not self.quarter:
                raise UserError(_("Choose the quarter of the invoice run."))
            return int(self.quarter)
        return 1

    def _run_for_preview(self):
        """The existing run of the period, or an unsaved one with the wizard's values."""
        Run = self.env["ksm.invoice.run"]
        date_start, date_end = run_period(self.period_type, self.year, self._period_number())
        existing = Run.search([("company_id", "=", self.company_id.id),
                               ("period_type", "=", self.period_type),
                               ("date_start", "=", fields.Date.to_string(date_start))])
        return existing or Run.new({
            "company_id": self.company_id.id,
            "period_type": self.period_type,
            "date_start": fields.Date.to_string(date_start),
            "date_end": fields.Date.to_string(date_end),
            "date_invoice": self.date_invoice,
            "auto_validate": self.auto_validate,
        })

    @api.multi
    def action_preview(self):
        """Per Träger: the invoices the run would create, their amounts and problems."""
        self.ensure_one()
        run = self._run_for_preview()
        setup = run._prepare_invoicing_setup()
        lines = [(5, 0, 0)]
        for partner, items in run._collect_due_items().items():
            lines.append((0, 0, self._prepare_preview_line(run, setup, partner, items)))
        self.write({
            "state": "preview",
            "period_label": run.period_label,
            "existing_run_id": run.id if isinstance(run.id, int) else False,
            "line_ids": lines,
        })
        return self._reopen()

    def _prepare_preview_line(self, run, setup, partner, items):
        currency = self.currency_id
        values = {"partner_id": partner.id, "amount_untaxed": 0.0, "amount_tax": 0.0,
                  "sheet_count": len({item["sheet"] for item in items})}
        try:
            groups = run._group_due_items(items, setup)
            for item in items:
                run._income_account_of(item["product"], item["category"], setup)
                tax = run._tax_of(item["category"], setup)
                values["amount_untaxed"] += item["amount"]
                values["amount_tax"] += sum(
                    tax_values["amount"] for tax_values in
                    tax.compute_all(item["amount"], currency)["taxes"])
            values["invoice_count"] = len(groups)
        except UserError as error:
            values["problem"] = error.name
        values["amount_untaxed"] = currency.round(values["amount_untaxed"])
        values["amount_tax"] = currency.round(values["amount_tax"])
        values["amount_total"] = currency.round(values["amount_untaxed"]
                                                + values["amount_tax"])
        return values

    @api.multi
    def action_back(self):
        self.write({"state": "period", "line_ids": [(5, 0, 0)], "existing_run_id": False})
        return self._reopen()

    @api.multi
    def action_start(self):
        self.ensure_one()
        Run = self.env["ksm.invoice.run"]
        # the lock first: two people starting the same period create one run
        with Run._company_lock(self.company_id):
            run = Run._find_or_create(self.company_id, self.period_type, self.year,
                                      self._period_number(), self.date_invoice,
                                      self.auto_validate)
            run._enqueue()
        return run._get_form_action()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "name": _("Start invoice run"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }
