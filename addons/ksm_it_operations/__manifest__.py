# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "KSM IT-Betrieb",
    "summary": "Specialised applications (Fachverfahren) of the Träger and the maintenance contracts KSM holds for them, with notice deadlines",
    "version": "11.0.1.0.0",
    "category": "KSM",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "ksm_membership",
    ],
    "data": [
        "security/ir.model.access.csv",
        "data/ksm_maintenance_contract_data.xml",
        "views/ksm_maintenance_contract_views.xml",
        "views/ksm_application_views.xml",
    ],
    "demo": [
        "demo/ksm_application_demo.xml",
        "demo/ksm_maintenance_contract_demo.xml",
    ],
    "installable": True,
}
