# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Localized Tracking Values",
    "summary": "Tracked changes in the chatter and in notification mails in the reader's "
               "language, with amounts, numbers and yes/no formatted",
    "version": "11.0.1.0.0",
    "category": "Discuss",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "mail",
    ],
    "installable": True,
}
