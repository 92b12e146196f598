# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Auftragsbudgets",
    "summary": "Order budgets of the service sheets, calls on them with four-eyes approval, project budgets and the timesheets booked on them",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_services",
        "hr_timesheet",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ksm_order_budget_security.xml",
        "data/ksm_order_budget_data.xml",
        "views/ksm_order_budget_views.xml",
        "views/ksm_order_call_views.xml",
        "views/project_project_views.xml",
        "views/ksm_budget_portal_templates.xml",
    ],
    "demo": [
        "demo/hr_employee_demo.xml",
        "demo/ksm_order_budget_demo.xml",
    ],
    "installable": True,
}
