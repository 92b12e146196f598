# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Leistungen",
    "summary": "Price and service catalogue, yearly service sheets, order and project "
               "budgets, cost allocation, invoice runs, XRechnung, helpdesk link",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_membership",
        "helpdesk_mgmt",
        "hr_timesheet",
    ],
    "data": [
        "security/ir.model.access.csv",
        "views/ksm_device_views.xml",
    ],
    "demo": [
        "demo/ksm_device_demo.xml",
    ],
    "installable": True,
}
