# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Grundlagen",
    "summary": "The Träger of a contact, portal roles and their policy, the portal home's cards, money and date helpers",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "portal",
        "portal_tenant_isolation",
    ],
    "data": [
        "security/ksm_base_security.xml",
        "data/res_partner_data.xml",
        "views/portal_home_templates.xml",
    ],
    "installable": True,
}
