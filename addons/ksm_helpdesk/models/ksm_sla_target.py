from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ksm_services.models.product_template import SERVICE_CATEGORIES

# the values of helpdesk_mgmt's ticket priority (a test checks they stay the same); a
# list rather than a function, so that the labels are translated
TICKET_PRIORITIES = [
    ("0", "Low"),
    ("1", "Medium"),
    ("2", "High"),
    ("3", "Very High"),
]


class KsmSlaTarget(models.Model):
    """A service level: how fast KSM answers and resolves a ticket of a service category
    and priority, in working hours of the team's service hours.

    A target without category applies to every category without its own target (and
    to tickets without a service).
    """

    _name = "ksm.sla.target"
    _description = "Service level target"
    _order = "category, priority desc"

    name = fields.Char(compute="_compute_name")
    category = fields.Selection(
        SERVICE_CATEGORIES, string="Service category",
        help="Leave empty for the target of all categories without their own target.")
    priority = fields.Selection(TICKET_PRIORITIES, required=True, default="1")
    response_hours = fields.Float(
        string="Response within (working hours)", required=True,
        help="Working hours until KSM's first answer to the Träger or the start of work on "
             "the ticket.")
    resolution_hours = fields.Float(
        string="Resolution within (working hours)", required=True,
        help="Working hours until the ticket is closed.")
    warning_percent = fields.Float(
        string="Escalation before deadline (%)", default=20.0, required=True,
        help="When this share of the target is left and the deadline is not met yet, "
             "the assigned user (or the team leader) gets an activity \"SLA deadline "
             "expires\".")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("response_hours_positive", "CHECK(response_hours > 0)",
         "The response target must be more than 0 working hours."),
        ("resolution_after_response", "CHECK(resolution_hours >= response_hours)",
         "The resolution target cannot be shorter than the response target."),
        ("warning_percent_range", "CHECK(warning_percent >= 0 AND warning_percent < 100)",
         "The escalation share must be at least 0 % and less than 100 % of the target."),
    ]

    @api.depends("category", "priority")
    def _compute_name(self):
        categories = dict(self._fields["category"]._description_selection(self.env))
        priorities = dict(self._fields["priority"]._description_selection(self.env))
        for target in self:
            target.name = "%s / %s" % (
                categories.get(target.category) or _("All categories"),
                priorities.get(target.priority, ""))

    @api.constrains("category", "priority", "active")
    def _check_unique_target(self):
        for target in self.filtered("active"):
            twins = self.search([
                ("id", "!=", target.id), ("category", "=", target.category),
                ("priority", "=", target.priority)])
            if twins:
                raise ValidationError(_(
                    "There is already a service level for %s. Change that one instead of "
                    "adding a second.") % target.name)

    @api.model
    def _find_target(self, category, priority):
        """The target of ``category`` and ``priority``, else the one of all categories."""
        for candidate in (category, False) if category else (False,):
            target = self.search([("category", "=", candidate), ("priority", "=", priority)],
                                 limit=1)
            if target:
                return target
        return self
