from odoo import models


class IrModel(models.Model):
    _inherit = "ir.model"

    def _get(self, name):
        """The model in the user's language when the context names none.

        Odoo's messages put the model's name into a sentence that ``_()`` translates into
        the user's language when the context has none (data files, crons): without this,
        a record created there is logged as "Service sheet erstellt".
        """
        if not self.env.context.get("lang") and self.env.user.lang:
            self = self.with_context(lang=self.env.user.lang)
        return super(IrModel, self)._get(name)
