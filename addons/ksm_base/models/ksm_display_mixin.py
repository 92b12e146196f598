from odoo import models

from ..tools import format_amount


class KsmDisplayMixin(models.AbstractModel):
    """How a KSM document names its status and its amounts in messages: in the reader's
    language, amounts with the document's currency (``currency_id``)."""

    _name = "ksm.display.mixin"
    _description = "Status and amounts in the reader's language"

    def _state_label(self, state=None):
        """The label of ``state`` (default: the record's status), translated; without a
        language in the context (a data file, a cron) in the user's."""
        if state is None:
            self.ensure_one()
            state = self.state
        env = self.env if self.env.lang else self.with_context(lang=self.env.user.lang).env
        return dict(self._fields["state"]._description_selection(env)).get(state, state or "")

    def _format_amount(self, amount):
        """``amount`` in the record's currency, as the reader reads it."""
        self.ensure_one()
        return format_amount(self.env, amount, self.currency_id)
