from odoo import api, fields, models, tools

from .ksm_sla_target import TICKET_PRIORITIES
from odoo.addons.ksm_services.models.product_template import SERVICE_CATEGORIES
from .resource_calendar import DEFAULT_TZ


class KsmSlaReport(models.Model):
    """Service level compliance per ticket, for analysis by Träger, month, category and
    priority.

    The rates are 100 for a deadline met, 0 for one missed, and empty while it is still
    running, so that their average is the share of deadlines met among those decided.
    """

    _name = "ksm.sla.report"
    _description = "Service level compliance"
    _auto = False
    _order = "month desc, partner_id"
    _rec_name = "ticket_id"

    ticket_id = fields.Many2one("helpdesk.ticket", string="Ticket", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Träger", readonly=True)
    team_id = fields.Many2one("helpdesk.ticket.team", string="Team", readonly=True)
    month = fields.Date(readonly=True, help="The month in which the ticket was reported.")
    category = fields.Selection(SERVICE_CATEGORIES, string="Service category", readonly=True)
    priority = fields.Selection(TICKET_PRIORITIES, readonly=True)
    ticket_count = fields.Integer(string="Tickets", readonly=True)
    response_met = fields.Boolean(string="Response in time", readonly=True)
    resolution_met = fields.Boolean(string="Resolved in time", readonly=True)
    response_rate = fields.Float(
        string="Responses in time (%)", group_operator="avg", readonly=True)
    resolution_rate = fields.Float(
        string="Resolutions in time (%)", group_operator="avg", readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW %s AS (
                SELECT t.id AS id,
                       t.id AS ticket_id,
                       t.ksm_traeger_id AS partner_id,
                       t.team_id AS team_id,
                       date_trunc('month', (t.ksm_reported_at AT TIME ZONE 'UTC')
                                           AT TIME ZONE %%s)::date AS month,
                       t.ksm_service_category AS category,
                       t.priority AS priority,
                       1 AS ticket_count,
                       t.ksm_response_met AS response_met,
                       t.ksm_resolution_met AS resolution_met,
                       CASE WHEN t.ksm_response_met THEN 100.0
                            WHEN t.ksm_first_response_at IS NOT NULL
                                 OR t.ksm_response_deadline < (now() AT TIME ZONE 'UTC')
                            THEN 0.0 END AS response_rate,
                       CASE WHEN t.ksm_resolution_met THEN 100.0
                            WHEN t.ksm_resolved_at IS NOT NULL
                                 OR t.ksm_resolution_deadline < (now() AT TIME ZONE 'UTC')
                            THEN 0.0 END AS resolution_rate
                  FROM helpdesk_ticket t
                 WHERE t.ksm_response_deadline IS NOT NULL
            )""" % self._table, [DEFAULT_TZ])
