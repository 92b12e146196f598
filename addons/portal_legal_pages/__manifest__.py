# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Portal Legal Pages",
    "summary": "Impressum and Datenschutz pages of the company, linked with its contact "
               "from the footer of the portal and the login page",
    "version": "11.0.1.0.0",
    "category": "Website",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "portal",
    ],
    "data": [
        "views/res_company_views.xml",
        "views/portal_legal_templates.xml",
    ],
    "installable": True,
}
