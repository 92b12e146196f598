from odoo import api, fields, models


class KsmTrueUpCompute(models.TransientModel):
    """Compute the true-ups of a year: one per Träger with a share of its cost pools."""

    _name = "ksm.true.up.compute"
    _description = "Compute true-ups"

    year = fields.Integer(required=True, default=lambda self: fields.Date.from_string(
        fields.Date.context_today(self)).year - 1)
    company_id = fields.Many2one("res.company", string="Company", required=True,
                                 default=lambda self: self.env.user.company_id)

    @api.multi
    def action_compute(self):
        self.ensure_one()
        true_ups = self.env["ksm.true.up"]._true_up_year(self.year, self.company_id)
        action = self.env.ref("ksm_allocation.action_ksm_true_up").read()[0]
        action["domain"] = [("id", "in", true_ups.ids)]
        return action
