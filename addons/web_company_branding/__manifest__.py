# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Web Company Branding",
    "summary": "The back office, the login page and the portal speak as the company: "
               "window and dialog titles name it, business refusals open as notices",
    "version": "11.0.1.0.0",
    "category": "Extra Tools",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "web",
    ],
    "data": [
        "views/webclient_templates.xml",
    ],
    "qweb": [
        "static/src/xml/user_menu.xml",
    ],
    "installable": True,
}
