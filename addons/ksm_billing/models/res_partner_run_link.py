from odoo import api, fields, models


class ResPartner(models.Model):
    """The analytic account that collects what a Träger is invoiced."""

    _inherit = "res.partner"

    ksm_analytic_account_id = fields.Many2one(
        "account.analytic.account", string="Analytic account", copy=False,
        ondelete="restrict",
        help="The invoice runs book the Träger's services on this analytic account. "
             "Created by the first run when empty.")

    @api.multi
    def _ksm_analytic_account(self, company):
        """The Träger's analytic account, created on first use.

        Created as superuser: the billing office books on analytic accounts without the
        rights to manage them.
        """
        self.ensure_one()
        if not self.ksm_analytic_account_id:
            self.ksm_analytic_account_id = self.env["account.analytic.account"].sudo().create({
                "name": self.name,
                "code": self.ref or False,
                "partner_id": self.id,
                "company_id": company.id,
            })
        return self.ksm_analytic_account_id
