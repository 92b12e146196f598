from odoo import _, api, fields, models


class AccountInvoice(models.Model):
    """The invoice run, Träger row and service sheet an invoice comes from."""

    _inherit = "account.invoice"

    ksm_invoice_run_id = fields.Many2one(
        "ksm.invoice.run", string="Invoice run", readonly=True, copy=False, index=True,
        ondelete="restrict")
    ksm_invoice_run_partner_id = fields.Many2one(
        "ksm.invoice.run.partner", string="Träger in invoice run", readonly=True,
        copy=False, index=True, ondelete="restrict")
    ksm_service_sheet_id = fields.Many2one(
        "ksm.service.sheet", string="Service sheet", readonly=True, copy=False,
        index=True, ondelete="restrict")

    @api.multi
    def _ksm_run_totals(self):
        """Number and totals of the invoices that are not cancelled, as a run and its
        Träger rows show them."""
        invoices = self.filtered(lambda invoice: invoice.state != "cancel")
        return {
            "invoice_count": len(invoices),
            "amount_untaxed": sum(invoices.mapped("amount_untaxed")),
            "amount_total": sum(invoices.mapped("amount_total")),
        }

    @api.multi
    def action_invoice_cancel(self):
        """A cancelled invoice frees its services and order budget calls: the next run
        invoices them again."""
        result = super(AccountInvoice, self).action_invoice_cancel()
        items = self.env["ksm.invoice.run.item"].search([
            ("invoice_id", "in", self.filtered(lambda invoice: invoice.state == "cancel").ids)])
        for invoice in items.mapped("invoice_id"):
            invoice.message_post(body=_(
                "Cancelled: its services of the service sheets will be invoiced again by "
                "the next invoice run."))
        calls = items.mapped("order_call_id").filtered(lambda call: call.state == "invoiced")
        items.unlink()
        calls._set_state("done")
        for call in calls:
            call.message_post(body=_("Its invoice was cancelled: the next invoice run "
                                     "invoices the call again."))
        return result

    @api.multi
    def _ksm_send_by_email(self, template):
        """Send the invoice as the button "Send by e-mail" does, with its PDF and
        XRechnung; the mail is queued, not sent at once."""
        self.ensure_one()
        composer = self.env["mail.compose.message"].with_context(
            default_model=self._name, default_res_id=self.id, default_use_template=True,
            default_template_id=template.id, default_composition_mode="comment",
            mark_invoice_as_sent=True, mail_notify_force_send=False,
            custom_layout="account.mail_template_data_notification_email_account_invoice",
        ).create({})
        composer.onchange_template_id_wrapper()
        composer.send_mail()

    @api.multi
    def _ksm_list_action(self):
        action = self.env.ref("account.action_invoice_tree1").read()[0]
        action["domain"] = [("id", "in", self.ids)]
        action["context"] = {"type": "out_invoice"}
        return action
