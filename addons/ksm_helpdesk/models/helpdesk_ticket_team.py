from odoo import api, fields, models
from odoo.tools.safe_eval import safe_eval

from odoo.addons.ksm_services.models.product_template import SERVICE_CATEGORIES


class HelpdeskTicketTeam(models.Model):
    """A helpdesk team with its own mail address (alias): mails to it become tickets of
    the team. Its service hours count the working time of the service levels."""

    _name = "helpdesk.ticket.team"
    _inherit = ["helpdesk.ticket.team", "mail.alias.mixin"]

    ksm_leader_id = fields.Many2one(
        "res.users", string="Team leader",
        help="Gets the escalation of tickets whose service level deadline is about to "
             "pass when nobody is assigned to them.")
    ksm_calendar_id = fields.Many2one(
        "resource.calendar", string="Service hours",
        default=lambda self: self.env.ref(
            "ksm_helpdesk.resource_calendar_ksm_service_hours", raise_if_not_found=False),
        help="The working time in which the service level targets of the team's tickets "
             "are counted, with its public holidays. Without it, the company's working "
             "hours count.")

    ksm_service_category = fields.Selection(
        SERVICE_CATEGORIES, string="Tickets about",
        help="Tickets about a service of this category that come without a team (from the "
             "portal) go to this team.")

    def get_alias_model_name(self, vals):
        return "helpdesk.ticket"

    def get_alias_values(self):
        values = super(HelpdeskTicketTeam, self).get_alias_values()
        values["alias_defaults"] = defaults = safe_eval(self.alias_defaults or "{}")
        defaults["team_id"] = self.id
        return values

    @api.multi
    def _ksm_service_calendar(self):
        """The working time of the team's service levels."""
        self.ensure_one()
        return self.ksm_calendar_id or self.company_id.resource_calendar_id \
            or self.env.user.company_id.resource_calendar_id
