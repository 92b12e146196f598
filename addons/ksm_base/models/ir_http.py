from odoo import models
from odoo.osv import expression


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_domain(cls):
        """The portal's scripts and templates of KSM's modules speak the user's language."""
        domain = super(IrHttp, cls)._get_translation_frontend_modules_domain()
        return expression.OR([domain, [("name", "=like", "ksm\\_%")]])
