from collections import OrderedDict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from odoo.addons.ksm_base.tools import from_cents, to_cents

TRUE_UP_STATES = [
    ("draft", "Draft"),
    ("computed", "Computed"),
    ("invoiced", "Invoiced"),
    ("settled", "Settled"),
    ("cancel", "Cancelled"),
]
# the states in which a true-up counts: one per Träger and year
VALID_STATES = ("draft", "computed", "invoiced", "settled")
# the states a Träger sees in the portal
PUBLISHED_STATES = ("computed", "invoiced", "settled")
ADVANCE_INVOICE_STATES = ("open", "paid")


class KsmTrueUp(models.Model):
    """The yearly true-up (Spitzabrechnung) of a Träger.

    KSM works at cost: over a year, what a Träger pays must be its share of KSM's costs
    (its allocation lines). The true-up compares, for every cost pool of the year in
    which the Träger has a share (all pools of the year must be locked):

    - **allocated**: the Träger's share of the pool (``ksm.allocation.line``);
    - **invoiced in advance**: the net amount (without VAT) of the Träger's validated
      customer invoice lines (open or paid) for the services the pool settles
      (``ksm.cost.pool.product_ids``), minus those of its validated credit notes, whose
      service period begins in the year (lines without a service period: whose invoice
      date is in the year); documents of true-ups are not advances;
    - **difference** = allocated − invoiced in advance, exact to the cent.

    The true-up is issued as one customer invoice (the total difference is positive) or
    one credit note (negative) with a line per pool. An e-invoice must not mix services
    not subject to VAT with taxable ones: if the pools' categories fall into both
    groups, each group gets its own document. A difference of zero creates no document:
    the true-up is settled. There is one valid true-up per Träger and year (the database
    refuses a second one); cancelling its invoice reopens it, cancelling it allows a new
    one.
    """

    _name = "ksm.true.up"
    _description = "True-up"
    _inherit = ["mail.thread", "state.guard.mixin", "ksm.invoicing.mixin",
                "ksm.display.mixin", "background.job.mixin"]
    _order = "year desc, partner_id"

    name = fields.Char(compute="_compute_name")
    partner_id = fields.Many2one(
        "res.partner", string="Träger", required=True, index=True, ondelete="restrict",
        domain=[("ksm_is_traeger", "=", True)], readonly=True,
        states={"draft": [("readonly", False)]}, track_visibility="onchange")
    year = fields.Integer(required=True, index=True, readonly=True,
                          states={"draft": [("readonly", False)]},
                          track_visibility="onchange")
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 readonly=True, default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    state = fields.Selection(TRUE_UP_STATES, string="Status", required=True,
                             default="draft", readonly=True, copy=False,
                             track_visibility="onchange")
    date_computed = fields.Datetime(string="Computed on", readonly=True, copy=False)
    date_invoice = fields.Date(
        string="Invoice date", readonly=True,
        states={"draft": [("readonly", False)], "computed": [("readonly", False)]},
        help="The date of the invoice or credit note; empty: the day it is created.")
    line_ids = fields.One2many("ksm.true.up.line", "true_up_id", string="Cost pools",
                               readonly=True, copy=False)
    amount_allocated = fields.Monetary(string="Allocated", compute="_compute_amounts",
                                       store=True)
    amount_advance = fields.Monetary(string="Invoiced in advance",
                                     compute="_compute_amounts", store=True)
    amount_difference = fields.Monetary(
        string="Difference", compute="_compute_amounts", store=True,
        help="Positive: invoiced to the Träger; negative: credited to it.")
    invoice_ids = fields.One2many("account.invoice", "ksm_true_up_id",
                                  string="Invoices and credit notes", readonly=True)
    invoice_count = fields.Integer(string="Documents", compute="_compute_invoice_count")

    _sql_constraints = [
        # partial: a cancelled true-up does not count
        ("partner_year_unique",
         "EXCLUDE USING btree (company_id WITH =, partner_id WITH =, year WITH =) "
         "WHERE (state != 'cancel')",
         "There is already a true-up of this Träger and year: cancel it before computing "
         "a new one."),
    ]

    # ------------------------------------------------------------------ fields
    @api.depends("partner_id.name", "year")
    def _compute_name(self):
        for true_up in self:
            true_up.name = _("True-up %(year)s %(partner)s") % {
                "year": true_up.year or "", "partner": true_up.partner_id.name or ""}

    @api.depends("line_ids.allocated_amount", "line_ids.advance_amount")
    def _compute_amounts(self):
        for true_up in self:
            currency = true_up.currency_id
            allocated = sum(true_up.line_ids.mapped("allocated_amount"))
            advance = sum(true_up.line_ids.mapped("advance_amount"))
            true_up.amount_allocated = currency.round(allocated)
            true_up.amount_advance = currency.round(advance)
            true_up.amount_difference = currency.round(allocated - advance)

    @api.depends("invoice_ids")
    def _compute_invoice_count(self):
        for true_up in self:
            true_up.invoice_count = len(true_up.invoice_ids)

    @api.multi
    def unlink(self):
        if self.filtered(lambda true_up: true_up.state not in ("draft", "cancel")):
            raise UserError(_("Only draft or cancelled true-ups can be deleted."))
        return super(KsmTrueUp, self).unlink()

    # ------------------------------------------------------------------ actions
    @api.model
    def _true_up_year(self, year, company):
        """Queue the computation of the true-ups of every Träger with a share of the
        year's pools, as background jobs (one per true-up); missing ones are created.

        Existing true-ups still being prepared are computed again; invoiced and settled
        ones are left as they are. Whether the pools are locked is checked at once.
        """
        pools = self._locked_pools(year, company)
        partners = pools.mapped("allocation_line_ids.partner_id")
        existing = self.search([("company_id", "=", company.id), ("year", "=", year),
                                ("state", "in", VALID_STATES)])
        by_partner = {true_up.partner_id: true_up for true_up in existing}
        to_compute = self.browse()
        for partner in partners.sorted("name"):
            true_up = by_partner.get(partner) or self.create({
                "partner_id": partner.id, "year": year, "company_id": company.id})
            if true_up.state in ("draft", "computed"):
                to_compute |= true_up
        to_compute._enqueue_background_job("action_compute", _("Compute the true-up"))
        return existing | to_compute

    @api.multi
    def action_compute(self):
        not_open = self.filtered(lambda true_up: true_up.state not in ("draft", "computed"))
        if not_open:
            raise UserError(_("True-up %s is already invoiced or settled: cancel its "
                              "documents first.") % ", ".join(not_open.mapped("name")))
        for true_up in self:
            pools = self._locked_pools(true_up.year, true_up.company_id)
            true_up._set_state("computed", {
                "line_ids": [(5, 0, 0)] + [(0, 0, values)
                                           for values in true_up._prepare_lines(pools)],
                "date_computed": fields.Datetime.now(),
            })
        return True

    @api.multi
    def action_create_invoices(self):
        """Issue the invoice or credit note of each true-up, validated (with its
        XRechnung); a true-up without difference is settled without a document."""
        self._check_can_invoice()
        for true_up in self:
            invoices = true_up._create_invoices()
            invoices.action_invoice_open()
            true_up._set_state("invoiced" if invoices else "settled")
            if not invoices:
                true_up.message_post(body=_("No difference: settled without an invoice."))
        return True

    def _check_can_invoice(self):
        if not self.env.user.has_group("account.group_account_invoice"):
            raise AccessError(_("Only the billing office issues the invoices and credit "
                                "notes of true-ups."))
        not_computed = self.filtered(lambda true_up: true_up.state != "computed")
        if not_computed:
            raise UserError(_("Only computed true-ups can be invoiced: %s.")
                            % ", ".join(not_computed.mapped("name")))

    @api.multi
    def _enqueue_invoice_creation(self):
        """The list's "Create invoices/credit notes": checked here, issued by background
        jobs (one per true-up: validating and the XRechnung take a while)."""
        self._check_can_invoice()
        self._enqueue_background_job("action_create_invoices",
                                     _("Issue the true-up's invoice or credit note"))

    @api.multi
    def action_cancel(self):
        issued = self.mapped("invoice_ids").filtered(lambda invoice: invoice.state != "cancel")
        if issued:
            raise UserError(_("Cancel the invoices and credit notes of the true-up first: "
                              "%s.") % ", ".join(issued.mapped(
                                  lambda invoice: invoice.number or invoice.name)))
        self._set_state("cancel")
        return True

    @api.multi
    def action_view_invoices(self):
        self.ensure_one()
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("ksm_true_up_id", "=", self.id)]
        action["context"] = {"create": False}
        if len(self.invoice_ids) == 1:
            action["views"] = [(self.env.ref("account.invoice_form").id, "form")]
            action["res_id"] = self.invoice_ids.id
        return action

    @api.multi
    def action_print(self):
        return self.env.ref("ksm_allocation.action_report_ksm_true_up").report_action(self)

    @api.multi
    def _reopen_after_cancellation(self):
        for true_up in self.filtered(lambda true_up: true_up.state == "invoiced"):
            if all(invoice.state == "cancel" for invoice in true_up.invoice_ids):
                true_up._set_state("computed")
                true_up.message_post(body=_("Its documents were cancelled: the true-up "
                                            "is open again."))

    # ------------------------------------------------------------------ computing
    @api.model
    def _locked_pools(self, year, company):
        """The cost pools of the year, all locked; refused otherwise."""
        pools = self.env["ksm.cost.pool"].search([("year", "=", year),
                                                  ("company_id", "=", company.id)])
        if not pools:
            raise UserError(_("There are no cost pools of %d: the true-up compares the "
                              "allocation of the year with the advance invoices.") % year)
        not_locked = pools.filtered(lambda pool: pool.state != "locked")
        if not_locked:
            raise UserError(_(
                "The cost pools of %(year)d are not locked yet: %(pools)s. The true-up "
                "needs the final allocation: allocate and lock them in KSM > Cost "
                "allocation > Cost pools first.") % {
                "year": year, "pools": ", ".join(not_locked.mapped("display_name"))})
        without_services = pools.filtered(lambda pool: not pool.product_ids)
        if without_services:
            raise UserError(_(
                "The cost pools %s name no services they settle: choose them on each "
                "pool (Services settled), so that the true-up knows the advance invoices.")
                % ", ".join(without_services.mapped("display_name")))
        return pools

    @api.multi
    def _prepare_lines(self, pools):
        """One line per pool in which the Träger has a share."""
        self.ensure_one()
        shares = pools.mapped("allocation_line_ids").filtered(
            lambda line: line.partner_id == self.partner_id)
        # a service is settled by one pool of the year: one search for all of them
        advance = self._advance_invoice_lines(pools)
        lines = []
        for sequence, share in enumerate(shares.sorted(
                lambda line: (line.key_id.sequence, line.pool_id.name)), 1):
            advance_lines = advance.filtered(
                lambda line: line.product_id in share.pool_id.product_ids)
            lines.append({
                "sequence": sequence,
                "pool_id": share.pool_id.id,
                "quantity": share.quantity,
                "total_quantity": share.total_quantity,
                "allocated_amount": share.amount,
                "advance_amount": self._sum_in_cents(
                    advance_lines.mapped("price_subtotal_signed")),
                "advance_line_ids": [(6, 0, advance_lines.ids)],
            })
        return lines

    @api.multi
    def _advance_invoice_lines(self, pools):
        """The validated invoice and credit note lines of the Träger for the pools'
        services in the year (see the class docstring)."""
        self.ensure_one()
        first_day, last_day = "%d-01-01" % self.year, "%d-12-31" % self.year
        return self.env["account.invoice.line"].search([
            ("invoice_id.commercial_partner_id", "=", self.partner_id.id),
            ("invoice_id.company_id", "=", self.company_id.id),
            ("invoice_id.type", "in", ("out_invoice", "out_refund")),
            ("invoice_id.state", "in", ADVANCE_INVOICE_STATES),
            ("invoice_id.ksm_true_up_id", "=", False),
            ("product_id", "in", pools.mapped("product_ids").ids),
            "|",
            "&", ("start_date", ">=", first_day), ("start_date", "<=", last_day),
            "&", ("start_date", "=", False),
            "&", ("invoice_id.date_invoice", ">=", first_day),
            ("invoice_id.date_invoice", "<=", last_day),
        ])

    @api.multi
    def _sum_in_cents(self, amounts):
        """The sum of amounts of the currency, added in whole cents."""
        digits = self.currency_id.decimal_places
        return from_cents(sum(to_cents(amount, digits) for amount in amounts), digits)

    # ------------------------------------------------------------------ invoicing
    @api.multi
    def _create_invoices(self):
        """The true-up's documents (drafts): one per VAT group with a difference."""
        self.ensure_one()
        true_up = self.with_context(lang=self.partner_id.lang or self.env.lang,
                                    force_company=self.company_id.id)
        # the invoice runs' settings: tax and income account per service category
        setup = true_up._prepare_invoicing_setup()
        invoices = self.env["account.invoice"]
        for taxable, lines in true_up._group_lines(setup).items():
            difference = self._sum_in_cents(lines.mapped("difference"))
            if self.currency_id.is_zero(difference):
                continue
            invoice = self.env["account.invoice"].create(
                true_up._prepare_invoice(setup, lines, taxable, difference))
            invoice.compute_taxes()
            invoices |= invoice
        return invoices

    @api.multi
    def _group_lines(self, setup):
        """The lines with a difference by VAT group: an e-invoice must not mix services
        not subject to VAT (category O) with taxable ones.

        :returns: OrderedDict taxable -> true-up lines
        """
        groups = OrderedDict()
        for line in self.line_ids.filtered(
                lambda line: not line.currency_id.is_zero(line.difference)):
            taxable = self._is_taxable(line.category, setup)
            groups[taxable] = groups.get(taxable, self.env["ksm.true.up.line"]) | line
        return groups

    @api.multi
    def _prepare_invoice(self, setup, lines, taxable, difference):
        """An invoice (positive difference) or a credit note (negative) with a line per
        pool; on a credit note the amounts have the opposite sign."""
        self.ensure_one()
        refund = difference < 0
        if taxable:
            label = _("True-up %d (taxable services)") % self.year
        else:
            label = _("True-up %d") % self.year
        header = self._prepare_invoice_header(
            self.partner_id, "out_refund" if refund else "out_invoice", self.currency_id,
            setup, self.date_invoice or fields.Date.context_today(self), self.name, label)
        return dict(header.values, ksm_true_up_id=self.id, invoice_line_ids=[
            (0, 0, self._prepare_invoice_line(setup, line, header.fiscal_position,
                                              header.analytic_account, -1 if refund else 1))
            for line in lines])

    @api.multi
    def _prepare_invoice_line(self, setup, line, fiscal_position, analytic_account, sign):
        pool = line.pool_id
        product = pool.product_ids.sorted(lambda product: (product.default_code or "",
                                                           product.id))[:1]
        tax = fiscal_position.map_tax(self._tax_of(line.category, setup), product,
                                      self.partner_id)
        account = fiscal_position.map_account(
            self._income_account_of(product, line.category, setup))
        currency = self.currency_id
        name = "%s\n%s" % (
            _("True-up %(year)d: %(pool)s") % {"year": self.year, "pool": pool.name},
            _("Allocated %(allocated)s less invoiced in advance %(advance)s") % {
                "allocated": self._format_amount(line.allocated_amount),
                "advance": self._format_amount(line.advance_amount)})
        return {
            "sequence": line.sequence,
            "product_id": product.id,
            "name": name,
            "quantity": 1.0,
            "uom_id": setup["lump_sum"].id,
            "price_unit": currency.round(sign * line.difference),
            "account_id": account.id,
            "invoice_line_tax_ids": [(6, 0, tax.ids)],
            "account_analytic_id": analytic_account.id,
            "start_date": "%d-01-01" % self.year,
            "end_date": "%d-12-31" % self.year,
        }

    @api.multi
    def _din5008_information(self):
        """The information block of the true-up's statement."""
        self.ensure_one()
        rows = [(_("True-up"), str(self.year))]
        if self.partner_id.ref:
            rows.append((_("Customer no."), self.partner_id.ref))
        rows.append((_("Date"), format_date(self.env, fields.Date.context_today(self))))
        return rows
