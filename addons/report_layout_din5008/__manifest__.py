# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "DIN 5008 business-letter layout for reports",
    "summary": "Report layout after DIN 5008 (form B): sender line, address window, "
               "information block, footer with the company's legal and bank data, "
               "page x of y; the company's identity kept once on the company",
    "version": "11.0.1.0.0",
    "category": "Reporting",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": ["report_chromium", "account"],
    "data": [
        "data/report_paperformat_data.xml",
        "views/assets.xml",
        "views/report_templates.xml",
        "views/report_invoice.xml",
        "views/res_company_views.xml",
    ],
    "installable": True,
}
