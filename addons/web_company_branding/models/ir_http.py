from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    def session_info(self):
        """The company's name for the web client's window and dialog titles."""
        info = super(IrHttp, self).session_info()
        info["company_name"] = request.env.user.company_id.name
        return info
