from odoo import api, models

INVOICE_REPORTS = ("account.report_invoice", "account.report_invoice_with_payments")


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.multi
    def render_qweb_pdf(self, res_ids=None, data=None):
        """The invoice PDF of a buyer who takes Factur-X carries its XRechnung inside,
        wherever it is printed, downloaded or e-mailed (``einvoice_facturx`` in the context
        asks for it whatever the buyer takes)."""
        content, content_type = super(IrActionsReport, self).render_qweb_pdf(
            res_ids=res_ids, data=data)
        if (content_type == "pdf" and self.report_name in INVOICE_REPORTS
                and res_ids and len(res_ids) == 1):
            invoice = self.env["account.invoice"].browse(res_ids)
            wanted = (self.env.context.get("einvoice_facturx")
                      or invoice.einvoice_format == "facturx_pdf")
            if wanted and invoice.einvoice_required and invoice.xrechnung_attachment_id:
                content = invoice._embed_xrechnung_in_pdf(content)
        return content, content_type
