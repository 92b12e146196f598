from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date


class KsmMembership(models.Model):
    """A Träger activated with a start date in a year whose allocation is locked: KSM
    is warned, with the locked years named, and activates it only when confirmed."""

    _inherit = "ksm.membership"

    ksm_locked_years = fields.Char(
        string="Locked allocation years", compute="_compute_ksm_locked_years",
        help="Years from the start date on whose cost allocation is locked: the Träger "
             "has no share in them, and they are not allocated again.")

    @api.depends("date_start", "company_id")
    def _compute_ksm_locked_years(self):
        for membership in self:
            membership.ksm_locked_years = ", ".join(
                str(year) for year in membership._ksm_locked_allocation_years())

    @api.multi
    def _ksm_locked_allocation_years(self):
        """The years from the start date on with a locked cost pool, in order."""
        self.ensure_one()
        if not self.date_start:
            return []
        pools = self.env["ksm.cost.pool"].sudo().search([
            ("year", ">=", fields.Date.from_string(self.date_start).year),
            ("company_id", "=", self.company_id.id), ("state", "=", "locked")])
        return sorted(set(pools.mapped("year")))

    @api.multi
    def action_activate(self):
        if not self.env.context.get("ksm_retroactive_confirmed"):
            for membership in self:
                years = membership._ksm_locked_allocation_years()
                if years:
                    raise UserError(_(
                        "%(traeger)s would become a Träger retroactively: its start date "
                        "%(start)s lies in years whose cost allocation is locked "
                        "(%(years)s). It gets no share of them, and they are not allocated "
                        "again. Use \"Activate retroactively\" if this is intended.") % {
                        "traeger": membership.partner_id.name,
                        "start": format_date(self.env, membership.date_start),
                        "years": ", ".join(str(year) for year in years)})
        return super(KsmMembership, self).action_activate()

    @api.multi
    def action_activate_retroactively(self):
        """Activate although the allocation of years since the start date is locked; the
        locked years are noted in the chatter."""
        notes = {membership: membership.ksm_locked_years for membership in self}
        self.with_context(ksm_retroactive_confirmed=True).action_activate()
        for membership, years in notes.items():
            if years:
                membership.message_post(body=_(
                    "Activated retroactively; the cost allocation of %s was already locked "
                    "and stays as it is.") % years)
        return True
