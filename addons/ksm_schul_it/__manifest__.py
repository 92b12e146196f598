# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Schul-IT",
    "summary": "School IT: schools, devices and replacement planning, School IT "
               "sheets, funding, school support tickets, portal 'My schools'",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_services",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ksm_schul_it_security.xml",
        "data/helpdesk_ticket_team_data.xml",
        "views/ksm_schul_it_menus.xml",
        "views/ksm_school_views.xml",
        "views/ksm_device_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/ksm_funding_programme_views.xml",
        "views/ksm_funding_grant_views.xml",
        "views/res_partner_views.xml",
        "views/res_company_views.xml",
        "views/ksm_service_sheet_views.xml",
        "views/ksm_service_sheet_line_views.xml",
        "views/ksm_school_templates.xml",
        "views/ksm_service_sheet_templates.xml",
        "wizards/ksm_replacement_plan_views.xml",
        "report/ksm_replacement_plan_report.xml",
        "report/service_sheet_report.xml",
    ],
    "demo": [
        "demo/ksm_school_demo.xml",
        "demo/product_demo.xml",
        "demo/ksm_funding_demo.xml",
        "demo/ksm_device_demo.xml",
        "demo/ksm_service_sheet_demo.xml",
        "demo/helpdesk_ticket_demo.xml",
    ],
    "installable": True,
}
