# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Helpdesk",
    "summary": "Tickets of the Träger on OCA helpdesk_mgmt: service levels in working hours with public holidays of Mecklenburg-Vorpommern, compliance report, portal forms",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_services",
        "helpdesk_mgmt",
        "attachment_upload_allowlist",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ksm_helpdesk_security.xml",
        "data/resource_calendar_data.xml",
        "data/ksm_sla_target_data.xml",
        "data/helpdesk_ticket_team_data.xml",
        "data/helpdesk_ticket_data.xml",
        "views/helpdesk_ticket_views.xml",
        "views/helpdesk_ticket_team_views.xml",
        "views/ksm_sla_target_views.xml",
        "views/ksm_sla_report_views.xml",
        "views/resource_calendar_views.xml",
        "views/helpdesk_portal_templates.xml",
    ],
    "demo": [
        "demo/helpdesk_ticket_demo.xml",
    ],
    "installable": True,
}
