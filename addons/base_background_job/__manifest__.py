# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Background Jobs",
    "summary": "Long actions run by the cron worker, not in the HTTP request: queued, "
               "resumed after a crash, failures recorded; forms refresh while they run",
    "version": "11.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "mail",
        "base_state_guard",
    ],
    "data": [
        "security/background_job_security.xml",
        "security/ir.model.access.csv",
        "data/background_job_cron.xml",
        "views/assets.xml",
        "views/background_job_views.xml",
    ],
    "installable": True,
}
