from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..tools import leitweg_id_problem

EINVOICE_FORMATS = [
    ("xrechnung_cii", "XRechnung (XML)"),
    ("facturx_pdf", "Factur-X / ZUGFeRD (PDF with embedded XML)"),
]


class ResPartner(models.Model):
    """A public buyer: its Leitweg-ID and the form in which it takes e-invoices."""

    _inherit = "res.partner"

    leitweg_id = fields.Char(
        string="Leitweg-ID",
        help="Routing id of the public buyer for e-invoices (XRechnung BT-10), "
             "e.g. 04011000-12345-03. Customer invoices and credit notes to a buyer "
             "with a Leitweg-ID are issued as XRechnung.")
    einvoice_format = fields.Selection(
        EINVOICE_FORMATS, string="E-invoice format", default="xrechnung_cii",
        help="How a public buyer receives its e-invoices: as XRechnung XML file next "
             "to the PDF, or as one Factur-X PDF with the XRechnung embedded. The XML "
             "file stays downloadable either way.")

    @api.constrains("leitweg_id")
    def _check_leitweg_id(self):
        for partner in self.filtered("leitweg_id"):
            problem = leitweg_id_problem(partner.leitweg_id)
            if problem:
                message, arguments = problem
                raise ValidationError(_("The Leitweg-ID %s of %s is not valid: %s.") % (
                    partner.leitweg_id, partner.display_name, _(message) % arguments))

    @api.multi
    def _einvoice_buyer(self):
        """True when this (commercial) partner receives its customer invoices and
        credit notes as e-invoices. Here: a public buyer with a Leitweg-ID; other
        modules add their own buyers."""
        self.ensure_one()
        return bool(self.leitweg_id)

    @api.multi
    def _leitweg_id_place(self):
        """Where the Leitweg-ID of this partner is entered, for refusal messages."""
        self.ensure_one()
        return _("tab Invoicing, section E-Invoicing")
