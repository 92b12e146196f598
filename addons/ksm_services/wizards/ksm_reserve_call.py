from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang, format_date, html_escape


class KsmReserveCall(models.TransientModel):
    """The Träger calls (part of) an investment reserve: from then on it may be invoiced."""

    _name = "ksm.reserve.call"
    _description = "Call an investment reserve"

    line_id = fields.Many2one("ksm.service.sheet.line", string="Investment reserve",
                              required=True, domain=[("is_reserve", "=", True)])
    currency_id = fields.Many2one(related="line_id.currency_id", readonly=True)
    reserve_remaining = fields.Monetary(related="line_id.reserve_remaining", readonly=True)
    amount = fields.Monetary(required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    reason = fields.Char(required=True, help="What the money is for, e.g. the order.")

    @api.multi
    def action_call(self):
        self.ensure_one()
        line = self.line_id
        sheet = line.sheet_id
        if not line.is_reserve:
            raise UserError(_("\"%s\" is not an investment reserve.") % line.name)
        if sheet.state not in ("signed", "active"):
            raise UserError(_(
                "An investment reserve can be called only from a signed or active service "
                "sheet; %s is %s.") % (sheet.name, sheet._state_label()))
        if self.currency_id.compare_amounts(self.amount, 0.0) <= 0:
            raise UserError(_("Enter the amount to call."))
        if self.currency_id.compare_amounts(self.amount, line.reserve_remaining) > 0:
            raise UserError(_(
                "Only %s of the investment reserve \"%s\" remain to be called.") % (
                formatLang(self.env, line.reserve_remaining, currency_obj=self.currency_id),
                line.name))
        line.write({
            "reserve_called_amount": line.reserve_called_amount + self.amount,
            "reserve_called_on": self.date,
        })
        sheet.message_post(body=_("Investment reserve \"%s\" called: %s on %s (%s).") % (
            html_escape(line.name),
            formatLang(self.env, self.amount, currency_obj=self.currency_id),
            format_date(self.env, self.date), html_escape(self.reason)))
        return {"type": "ir.actions.act_window_close"}
