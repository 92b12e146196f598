# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Web Security Hardening",
    "summary": "Security headers, session cookie flags, local redirects only, no database "
               "manager, bad route input answered 400/404 instead of 500",
    "version": "11.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": ["web", "http_routing"],
    "data": [],
    "installable": True,
}
