from odoo import fields, models


class KsmInvoiceRunWizardLine(models.TransientModel):
    """What a run would invoice a Träger: shown before the run starts."""

    _name = "ksm.invoice.run.wizard.line"
    _description = "Invoice run preview per Träger"
    _order = "partner_name, id"

    wizard_id = fields.Many2one("ksm.invoice.run.wizard", required=True,
                                ondelete="cascade")
    partner_id = fields.Many2one("res.partner", string="Träger", required=True,
                                 readonly=True)
    partner_name = fields.Char(related="partner_id.name", readonly=True, store=True)
    sheet_count = fields.Integer(string="Service sheets", readonly=True)
    invoice_count = fields.Integer(string="Invoices", readonly=True)
    currency_id = fields.Many2one(related="wizard_id.currency_id", readonly=True)
    amount_untaxed = fields.Monetary(string="Untaxed", readonly=True)
    amount_tax = fields.Monetary(string="Tax", readonly=True)
    amount_total = fields.Monetary(string="Total", readonly=True)
    problem = fields.Char(readonly=True,
                          help="Why the run would fail for this Träger; fix it first.")
