# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "Login Hardening",
    "summary": "Brute-force lock per login and per address (no outside geo-IP lookup), "
               "a password policy, a new session id at login, German reasons for a "
               "refused login",
    "version": "11.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "AGPL-3",
    "depends": ["web", "auth_brute_force", "password_security"],
    "data": [
        "data/ir_config_parameter_data.xml",
        "data/res_company_data.xml",
        "security/ir_model_access.xml",
    ],
    "installable": True,
}
