# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Germany - XRechnung and Factur-X e-invoices",
    "summary": "Customer invoices and credit notes to public buyers (Leitweg-ID) as "
               "XRechnung 3.0 (CII), checked before validation, attached, mailed, "
               "embedded in the PDF as Factur-X / ZUGFeRD and downloadable in the portal",
    "version": "11.0.1.0.0",
    "category": "Localization",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "license": "LGPL-3",
    "depends": [
        "account",
        "portal",
        "account_invoice_start_end_dates",
    ],
    "external_dependencies": {
        "python": ["facturx", "lxml", "stdnum"],
    },
    "data": [
        "data/account_tax_data.xml",
        "views/account_invoice_views.xml",
        "views/account_tax_views.xml",
        "views/res_company_views.xml",
        "views/res_partner_views.xml",
        "views/report_invoice.xml",
        "views/portal_templates.xml",
    ],
    "installable": True,
}
