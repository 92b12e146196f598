# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Trägerschaft",
    "summary": "Owners (Träger) of KSM: joining by council resolution, capital, "
               "contracts and statutes, consents, transferred tasks",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "portal",
        "account_invoicing",
        "l10n_de_skr03",
    ],
    "data": [
        "security/ksm_security.xml",
        "security/ir.model.access.csv",
        "data/res_company_data.xml",
        "views/ksm_menus.xml",
    ],
    "demo": [
        "demo/res_users_demo.xml",
    ],
    "application": True,
    "installable": True,
}
