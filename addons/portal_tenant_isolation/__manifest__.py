# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Portal Tenant Isolation",
    "summary": "Portal and public users reach Odoo's mail, chat, login history and signup "
               "links of nobody else: for portals whose customers must never see each other",
    "version": "11.0.1.0.0",
    "category": "Hidden",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "portal",
        "auth_signup",
    ],
    "data": [
        "security/portal_tenant_isolation_security.xml",
    ],
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
