# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Helpdesk: Tickets als Abrufe",
    "summary": "A support ticket becomes a call on the Träger's order budget; the time booked on the ticket is the call's consumption",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_helpdesk",
        "ksm_order_budget",
        # its tests show a ticket's call invoiced by the next run
        "ksm_billing",
    ],
    "data": [
        "security/ksm_helpdesk_order_budget_security.xml",
        "wizards/ksm_ticket_order_call_views.xml",
        "views/helpdesk_ticket_views.xml",
        "views/ksm_order_call_views.xml",
        "views/helpdesk_portal_templates.xml",
    ],
    "demo": [
        "demo/ksm_ticket_order_call_demo.xml",
    ],
    "installable": True,
}
