from odoo import _, api, models


class ResPartner(models.Model):
    """The Träger receive their invoices as e-invoices (l10n_de_xrechnung); their
    Leitweg-ID is entered on the tab KSM of the contact form."""

    _inherit = "res.partner"

    @api.multi
    def _einvoice_buyer(self):
        self.ensure_one()
        return self.ksm_is_traeger or super(ResPartner, self)._einvoice_buyer()

    @api.multi
    def _leitweg_id_place(self):
        self.ensure_one()
        if self.ksm_is_traeger:
            return _("tab KSM")
        return super(ResPartner, self)._leitweg_id_place()
