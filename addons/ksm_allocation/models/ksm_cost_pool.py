from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.ksm_base.tools import allocate, to_cents

from odoo.addons.ksm_services.models.product_template import SERVICE_CATEGORIES

POOL_STATES = [
    ("draft", "Draft"),
    ("allocated", "Allocated"),
    ("locked", "Locked"),
]
FIRST_YEAR = 2013  # KSM was founded on 2013-10-01


class KsmCostPool(models.Model):
    """KSM's actual costs of one year for one kind of service, distributed over the
    Träger by an allocation key.

    Since KSM works at cost, the allocation lines of a pool add up to its amount
    exactly (largest remainder method, see ``ksm_base/tools/allocation.py``).

    The pool names the catalogue services it settles: what the Träger were invoiced for
    them in the year are advance payments on the pool, which the yearly true-up
    (``ksm.true.up``) deducts from their shares. A service is settled by one pool of a
    year only, and by a pool of its own service category (the category decides the tax
    of the true-up, as in the invoice runs).
    """

    _name = "ksm.cost.pool"
    _description = "Cost pool"
    _inherit = ["mail.thread", "state.guard.mixin"]
    _order = "year desc, name"

    name = fields.Char(required=True, track_visibility="onchange",
                       help="The kind of costs, e.g. workstation operation.")
    year = fields.Integer(required=True, index=True, track_visibility="onchange",
                          default=lambda self: fields.Date.from_string(
                              fields.Date.context_today(self)).year - 1)
    key_id = fields.Many2one("ksm.allocation.key", string="Allocation key", required=True,
                             ondelete="restrict", track_visibility="onchange")
    company_id = fields.Many2one("res.company", required=True,
                                 default=lambda self: self.env.user.company_id)
    currency_id = fields.Many2one(related="company_id.currency_id", readonly=True)
    amount = fields.Monetary(required=True, track_visibility="onchange",
                             help="KSM's actual costs of the year in this pool.")
    source = fields.Selection([("manual", "Entered"), ("analytic", "Cost accounting")],
                              required=True, default="manual", track_visibility="onchange",
                              help="Where the amount comes from.")
    analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic account",
        help="The cost centre whose costs of the year make up the pool.")
    state = fields.Selection(POOL_STATES, required=True, default="draft", readonly=True,
                             copy=False, track_visibility="onchange")
    note = fields.Text()
    category = fields.Selection(
        SERVICE_CATEGORIES, string="Service category", required=True, default="operation",
        track_visibility="onchange",
        help="The category of the services the pool settles; it decides the tax of the "
             "true-up, as in the invoice runs.")
    product_ids = fields.Many2many(
        "product.product", "ksm_cost_pool_product_rel", "pool_id", "product_id",
        string="Services settled", domain="[('ksm_is_catalogue', '=', True), "
                                          "('ksm_category', '=', category)]",
        help="The catalogue services whose invoices of the year are advance payments on "
             "the pool's costs: the true-up deducts them from each Träger's share.")
    allocation_line_ids = fields.One2many("ksm.allocation.line", "pool_id",
                                          string="Allocation", readonly=True, copy=False)
    allocated_amount = fields.Monetary(compute="_compute_allocated_amount",
                                       string="Allocated")
    confirmed_quantity = fields.Integer(
        compute="_compute_confirmed_quantity", string="Confirmed quantity",
        help="The sum of the confirmed quantities of the pool's key and year.")
    open_report_count = fields.Integer(
        compute="_compute_confirmed_quantity", string="Reports to confirm",
        help="Quantity reports of the pool's key and year not confirmed yet.")

    _sql_constraints = [
        ("name_key_year_unique", "unique(year, key_id, name)",
         "There is already a cost pool of this name and key in this year."),
        ("amount_not_negative", "check(amount >= 0)",
         "The amount of a cost pool must not be negative."),
    ]

    @api.depends("allocation_line_ids.amount")
    def _compute_allocated_amount(self):
        for pool in self:
            pool.allocated_amount = sum(pool.allocation_line_ids.mapped("amount"))

    @api.depends("year", "key_id")
    def _compute_confirmed_quantity(self):
        for pool in self:
            reports = self.env["ksm.quantity.report"].search([
                ("year", "=", pool.year), ("key_id", "=", pool.key_id.id)])
            confirmed = reports.filtered(lambda report: report.state == "confirmed")
            pool.confirmed_quantity = sum(confirmed.mapped("quantity"))
            pool.open_report_count = len(reports - confirmed)

    @api.constrains("year")
    def _check_year(self):
        this_year = fields.Date.from_string(fields.Date.context_today(self)).year
        for pool in self:
            if not FIRST_YEAR <= pool.year <= this_year + 1:
                raise ValidationError(_("The year %d of cost pool %s is not plausible: "
                                        "from %d to %d.") % (
                    pool.year, pool.name, FIRST_YEAR, this_year + 1))

    @api.constrains("source", "analytic_account_id")
    def _check_analytic_account_id(self):
        for pool in self:
            if pool.source == "analytic" and not pool.analytic_account_id:
                raise ValidationError(_("Cost pool %s takes its amount from cost "
                                        "accounting: choose its analytic account.")
                                      % pool.name)

    @api.constrains("category", "product_ids", "year", "company_id")
    def _check_product_ids(self):
        for pool in self:
            foreign = pool.product_ids.filtered(
                lambda product: product.ksm_category != pool.category)
            if foreign:
                raise ValidationError(_(
                    "Cost pool %(pool)s settles services of its own category only; not: "
                    "%(services)s.") % {"pool": pool.display_name,
                                        "services": ", ".join(foreign.mapped("name"))})
            twice = self.search([
                ("id", "!=", pool.id), ("year", "=", pool.year),
                ("company_id", "=", pool.company_id.id),
                ("product_ids", "in", pool.product_ids.ids)]) if pool.product_ids else []
            if twice:
                raise ValidationError(_(
                    "A service is settled by one cost pool of a year only: %(services)s "
                    "already belongs to %(other)s.") % {
                    "services": ", ".join(
                        (pool.product_ids & twice.mapped("product_ids")).mapped("name")),
                    "other": ", ".join(twice.mapped("display_name"))})

    @api.multi
    def name_get(self):
        return [(pool.id, "%s %d" % (pool.name, pool.year)) for pool in self]

    @api.multi
    def write(self, vals):
        if {"amount", "year", "key_id", "company_id"} & set(vals):
            done = self.filtered(lambda pool: pool.state != "draft")
            if done:
                raise UserError(_("Cost pool %s is already allocated: reset it to draft "
                                  "before changing its amount, year or key.")
                                % ", ".join(done.mapped("display_name")))
        return super(KsmCostPool, self).write(vals)

    @api.multi
    def unlink(self):
        done = self.filtered(lambda pool: pool.state != "draft")
        if done:
            raise UserError(_("Cost pool %s is already allocated and cannot be deleted.")
                            % ", ".join(done.mapped("display_name")))
        return super(KsmCostPool, self).unlink()

    # ------------------------------------------------------------------ actions
    @api.multi
    def action_import_analytic_costs(self):
        """Take the pool's amount from the costs booked on its analytic account in
        its year. Costs are the negative analytic amounts; income (positive amounts,
        e.g. advance invoices to the Träger on the same cost centre) is left out."""
        for pool in self:
            if pool.state != "draft":
                raise UserError(_("Cost pool %s is already allocated: reset it to draft "
                                  "first.") % pool.display_name)
            if not pool.analytic_account_id:
                raise UserError(_("Choose the analytic account of cost pool %s first.")
                                % pool.display_name)
            groups = self.env["account.analytic.line"].read_group(
                pool._prepare_analytic_cost_domain(), ["amount"], [])
            costs = -(groups[0]["amount"] or 0.0) if groups else 0.0
            pool.write({"amount": pool.currency_id.round(costs), "source": "analytic"})

    @api.multi
    def _prepare_analytic_cost_domain(self):
        self.ensure_one()
        return [("account_id", "=", self.analytic_account_id.id),
                ("date", ">=", "%d-01-01" % self.year),
                ("date", "<=", "%d-12-31" % self.year),
                ("amount", "<", 0)]

    @api.multi
    def action_allocate(self):
        """Distribute the pools over the Träger by their confirmed quantities.

        All or nothing: when a pool cannot be allocated, nothing is written and the
        message lists every problem of every pool.
        """
        problems = [problem for pool in self for problem in pool._allocation_problems()]
        if problems:
            raise UserError(_("The cost pools cannot be allocated yet:\n%s")
                            % "\n".join("- " + problem for problem in problems))
        for pool in self:
            pool.allocation_line_ids.unlink()
            pool._set_state("allocated", {
                "allocation_line_ids": [(0, 0, values)
                                        for values in pool._prepare_allocation_lines()],
            })
        return True

    @api.multi
    def action_reset_to_draft(self):
        locked = self.filtered(lambda pool: pool.state == "locked")
        if locked:
            raise UserError(_("Cost pool %s is locked: its allocation is final.")
                            % ", ".join(locked.mapped("display_name")))
        self.mapped("allocation_line_ids").unlink()
        self._set_state("draft")
        return True

    @api.multi
    def action_lock(self):
        if not self.env.user.has_group("ksm_base.group_ksm_manager"):
            raise AccessError(_("Only KSM managers lock cost pools."))
        not_allocated = self.filtered(lambda pool: pool.state != "allocated")
        if not_allocated:
            raise UserError(_("Only allocated cost pools can be locked: %s.")
                            % ", ".join(not_allocated.mapped("display_name")))
        self._set_state("locked")
        return True

    @api.multi
    def action_view_quantity_reports(self):
        self.ensure_one()
        action = self.env.ref("ksm_allocation.action_ksm_quantity_report").read()[0]
        action["domain"] = [("year", "=", self.year), ("key_id", "=", self.key_id.id)]
        action["context"] = {"default_year": self.year, "default_key_id": self.key_id.id}
        return action

    @api.multi
    def action_print_statements(self):
        """The statements of every Träger in the pool's allocation (all its pools of
        the year, not only this one)."""
        return self.env.ref("ksm_allocation.action_report_ksm_allocation_statement") \
            .report_action(self.mapped("allocation_line_ids"))

    # ------------------------------------------------------------------ allocation
    @api.multi
    def _allocation_traeger(self):
        """The Träger that take part in the pool's year, each of which must have a
        confirmed quantity of the pool's key: the Träger whose membership of KSM was
        active (or since left) during some of the year, and any Träger that reported
        a quantity of that year."""
        self.ensure_one()
        memberships = self.env["ksm.membership"].search([
            ("company_id", "=", self.company_id.id),
            ("state", "in", ("active", "left")),
            ("date_start", "<=", "%d-12-31" % self.year),
            "|", ("date_end", "=", False), ("date_end", ">=", "%d-01-01" % self.year)])
        reports = self.env["ksm.quantity.report"].search([("year", "=", self.year)])
        return memberships.mapped("partner_id") | reports.mapped("partner_id")

    @api.multi
    def _confirmed_reports(self):
        self.ensure_one()
        return self.env["ksm.quantity.report"].search([
            ("year", "=", self.year), ("key_id", "=", self.key_id.id),
            ("state", "=", "confirmed")])

    @api.multi
    def _allocation_problems(self):
        """Why the pool cannot be allocated now: a list of translated sentences."""
        self.ensure_one()
        if self.state == "locked":
            return [_("%s is locked.") % self.display_name]
        confirmed = self._confirmed_reports()
        missing = self._allocation_traeger() - confirmed.mapped("partner_id")
        problems = []
        if missing:
            problems.append(_("%s: no confirmed quantity of %s from %s.") % (
                self.display_name, self.key_id.name,
                ", ".join(sorted(missing.mapped("name")))))
        elif not sum(confirmed.mapped("quantity")) and \
                not self.currency_id.is_zero(self.amount):
            problems.append(_("%s: there are no confirmed quantities of %s in %d to "
                              "distribute the costs by.") % (
                self.display_name, self.key_id.name, self.year))
        return problems

    @api.multi
    def _amount_in_cents(self):
        self.ensure_one()
        return to_cents(self.amount, self.currency_id.decimal_places)

    @api.multi
    def _prepare_allocation_lines(self):
        """Values of the allocation lines: one per Träger with a confirmed report."""
        self.ensure_one()
        reports = self._confirmed_reports()
        quantities = {report.partner_id.id: report.quantity for report in reports}
        total_quantity = sum(quantities.values())
        shares = allocate(self._amount_in_cents(), quantities)
        units = 10 ** self.currency_id.decimal_places
        return [{
            "partner_id": partner_id,
            "quantity": quantity,
            "total_quantity": total_quantity,
            "share_percent": quantity * 100.0 / total_quantity if total_quantity else 0.0,
            "amount": shares[partner_id] / units,
        } for partner_id, quantity in sorted(quantities.items())]
