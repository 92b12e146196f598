from odoo import fields, models

EINVOICE_FORMATS = [
    ("xrechnung_cii", "XRechnung (XML)"),
    ("facturx_pdf", "Factur-X / ZUGFeRD (PDF with embedded XML)"),
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    ksm_einvoice_format = fields.Selection(
        EINVOICE_FORMATS, string="E-invoice format", default="xrechnung_cii",
        help="How a public buyer receives its e-invoices: as XRechnung XML file next "
             "to the PDF, or as one Factur-X PDF with the XRechnung embedded. The XML "
             "file stays downloadable either way.")
