from odoo import fields, models

from .ksm_invoice_run import RUN_PERIOD_TYPES


class ResCompany(models.Model):
    """How the company's invoice runs work."""

    _inherit = "res.company"

    ksm_invoice_run_validate = fields.Boolean(
        string="Validate invoices of invoice runs",
        help="Invoice runs validate their invoices at once (number, XRechnung). "
             "Otherwise the invoices stay drafts to be checked. The wizard can choose "
             "otherwise for a run.")
    ksm_invoice_run_period_type = fields.Selection(
        RUN_PERIOD_TYPES, string="Period of the scheduled invoice run", default="quarter",
        help="The scheduled action \"KSM: invoice run\" invoices the current month, "
             "quarter or year.")
    ksm_invoice_run_category_ids = fields.One2many(
        "ksm.invoice.run.category", "company_id", string="Invoicing per service category")
