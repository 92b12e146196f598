from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.ksm_order_budget.models.ksm_order_call import CLOSED_STATES


class KsmOrderCall(models.Model):
    """A call that came from a support ticket: the time booked on the ticket counts for
    it, one open call per ticket."""

    _inherit = "ksm.order.call"

    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Ticket", ondelete="set null", index=True,
        help="The support ticket the call came from; the time booked on the ticket counts "
             "for the call.")

    @api.constrains("ticket_id", "budget_id", "state")
    def _check_ticket(self):
        for call in self:
            traeger = call.partner_id
            # a school's ticket belongs to the school's Träger
            ticket_partner = call.ticket_id.ksm_traeger_id or \
                call.ticket_id.partner_id.commercial_partner_id
            if ticket_partner and ticket_partner != traeger:
                raise ValidationError(_("Ticket %s was reported by %s, not by %s.") % (
                    call.ticket_id.number, ticket_partner.name, traeger.name))
            if call.state in CLOSED_STATES:
                continue
            if call.ticket_id:
                # one open call per ticket, else its timesheets would be paid twice
                other = self.search([
                    ("id", "!=", call.id), ("ticket_id", "=", call.ticket_id.id),
                    ("state", "not in", CLOSED_STATES)], limit=1)
                if other:
                    raise ValidationError(_(
                        "Ticket %s has already become call \"%s\" (%s). A ticket can have "
                        "one open call; refuse or cancel that call first.") % (
                        call.ticket_id.number, other.name, other._state_label()))

    @api.multi
    def _timesheet_stays_with_its_source(self, line):
        """Time booked on the call's ticket stays with the ticket when the call is
        refused or cancelled: it then counts for the ticket's next call, if any."""
        return bool(self.ticket_id and line.ksm_ticket_id == self.ticket_id) or super(
            KsmOrderCall, self)._timesheet_stays_with_its_source(line)
