# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Leistungen",
    "summary": "Price and service catalogue, yearly service sheets, order and project "
               "budgets, cost allocation, invoice runs, XRechnung, helpdesk link",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_membership",
        "helpdesk_mgmt",
        "hr_timesheet",
    ],
    "external_dependencies": {
        "python": ["facturx", "lxml", "stdnum"],
    },
    "data": [
        "security/ir.model.access.csv",
        "views/ksm_device_views.xml",
        "data/account_tax_data.xml",
        "views/account_invoice_views.xml",
        "views/account_tax_views.xml",
        "views/res_company_views.xml",
        "views/res_partner_views.xml",
        "views/invoice_portal_templates.xml",
        "report/report_invoice.xml",
    ],
    "demo": [
        "demo/ksm_device_demo.xml",
        "demo/xrechnung_demo.xml",
    ],
    "installable": True,
}
