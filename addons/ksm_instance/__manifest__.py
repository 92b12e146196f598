# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Instanz",
    "summary": "What a KSM database is, not what it does: KSM as the company, its chart of "
               "accounts (SKR03), its letterhead, e-invoice seller data, branding and the "
               "hardening of the instance",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "l10n_de_skr03",
        "l10n_de_xrechnung",
        "report_layout_din5008",
        "web_company_branding",
        "mail_company_footer",
        "mail_debrand",
        "portal_legal_pages",
        "web_security_hardening",
        "auth_login_hardening",
    ],
    "data": [
        "data/res_company_data.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/res_company_einvoice_demo.xml",
    ],
    "installable": True,
}
