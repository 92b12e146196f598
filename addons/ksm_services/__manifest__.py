# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Leistungen",
    "summary": "Price and service catalogue with yearly prices, yearly service sheets, "
               "one-time costs and reserves, council annex, budget accounts",
    "version": "11.0.2.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_membership",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ksm_services_security.xml",
        "data/product_uom_data.xml",
        "views/assets.xml",
        "views/ksm_services_menus.xml",
        "views/product_template_views.xml",
        "views/ksm_service_price_views.xml",
        "wizards/ksm_service_price_derive_views.xml",
        "wizards/ksm_reserve_call_views.xml",
        "views/ksm_service_sheet_views.xml",
        "views/ksm_service_sheet_line_views.xml",
        "views/ksm_onetime_cost_views.xml",
        "views/ksm_budget_account_views.xml",
        "views/res_partner_views.xml",
        "views/ksm_resolution_views.xml",
        "report/service_sheet_report.xml",
        "report/service_sheet_annex_report.xml",
        "views/portal_templates.xml",
    ],
    "demo": [
        "demo/product_demo.xml",
        "demo/ksm_service_sheet_luebtheen_demo.xml",
        "demo/ksm_service_sheet_founders_demo.xml",
    ],
    "installable": True,
}
