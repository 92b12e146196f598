# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Umlage",
    "summary": "Yearly cost allocation on actual quantities: keys, cost pools, quantity reports, allocation statements and the true-up against the advance payments",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_billing",
    ],
    "data": [
        "security/ir.model.access.csv",
        "security/ksm_allocation_security.xml",
        "data/ksm_allocation_key_data.xml",
        "views/ksm_allocation_key_views.xml",
        "views/ksm_quantity_report_views.xml",
        "views/ksm_cost_pool_views.xml",
        "views/ksm_allocation_line_views.xml",
        "views/ksm_membership_views.xml",
        "report/ksm_allocation_statement.xml",
        "views/ksm_allocation_portal_templates.xml",
        "views/ksm_true_up_views.xml",
        "wizards/ksm_true_up_compute_views.xml",
        "report/ksm_true_up_report.xml",
        "views/ksm_true_up_portal_templates.xml",
    ],
    "demo": [
        "demo/ksm_allocation_demo.xml",
        "demo/ksm_true_up_demo.xml",
    ],
    "installable": True,
}
