from odoo import _, api, models


class AccountInvoice(models.Model):
    """KSM's invoices as l10n_de_xrechnung issues them: every customer invoice and
    credit note to a Träger (or another public buyer with a Leitweg-ID) is an
    XRechnung. KSM adds the Träger as buyers, the service sheet's quantity and price
    per line, the Leitweg-ID in the invoice's information block and its invoice
    numbers."""

    _inherit = "account.invoice"

    # the Träger are e-invoice buyers (res.partner._einvoice_buyer)
    @api.depends("commercial_partner_id.ksm_is_traeger")
    def _compute_einvoice_required(self):
        return super(AccountInvoice, self)._compute_einvoice_required()

    @api.multi
    def _din5008_information(self):
        """The buyer's Leitweg-ID (BT-10) after its customer number, on the printed
        invoice and in the portal, as its e-invoice states it."""
        rows = super(AccountInvoice, self)._din5008_information()
        leitweg_id = self.commercial_partner_id.leitweg_id
        if leitweg_id:
            labels = [label for label, _value in rows]
            position = labels.index(_("Customer no.")) + 1 if _("Customer no.") in labels else len(rows)
            rows.insert(position, (_("Leitweg-ID"), leitweg_id))
        return rows

    @api.model
    def _setup_german_invoice_numbers(self):
        """Invoices numbered RE-2022-0003, credit notes GS-2022-0001 (a sequence per
        year) in every sales journal; called when the module is installed."""
        for journal in self.env["account.journal"].search([("type", "=", "sale")]):
            journal.sequence_id.write({"prefix": "RE-%(range_year)s-", "padding": 4,
                                       "use_date_range": True})
            if not journal.refund_sequence_id:
                journal.refund_sequence = True  # Odoo creates the refund sequence
            journal.refund_sequence_id.write({"prefix": "GS-%(range_year)s-", "padding": 4,
                                              "use_date_range": True})
        return True

    def _prepare_xrechnung_line(self, number, line, tax):
        """A service of a sheet: quantity x price per base quantity, where a year's
        price applies to 12 / months billed (BT-149): 24 x 3321.00 / 12 for a month."""
        values = super(AccountInvoice, self)._prepare_xrechnung_line(number, line, tax)
        if line.ksm_billed_quantity and not line.discount:
            text = "%s\n%s" % (line.name.strip(), line._ksm_share_text())
            values.update({
                "quantity": line.ksm_billed_quantity,
                "unit_code": self._xrechnung_unit_code(line.ksm_billed_uom_id),
                "net_price": line.ksm_sheet_price,
                "base_quantity": (12.0 / line.ksm_billed_months
                                  if line.ksm_billed_months else None),
                "description": text,
                "price_discount": 0.0,
            })
        return values
