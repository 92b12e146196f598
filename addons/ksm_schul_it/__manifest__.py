# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM Schul-IT",
    "summary": "School IT: schools, devices, school service sheets, funding, "
               "school support tickets",
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
    ],
    "installable": True,
}
