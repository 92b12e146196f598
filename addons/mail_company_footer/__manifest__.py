# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Mail Company Footer",
    "summary": "Every outgoing e-mail ends with the company's identity: name, legal form, "
               "address, contact, tax number, representatives, Impressum and Datenschutz",
    "version": "11.0.1.0.0",
    "category": "Discuss",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "portal_legal_pages",
        "report_layout_din5008",
    ],
    "data": [
        "views/mail_company_footer_templates.xml",
    ],
    "installable": True,
}
