# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "State Guard",
    "summary": "A mixin for workflow models: the status changes only through the model's "
               "own actions, never by writing it",
    "version": "11.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": [
        "base",
    ],
    "installable": True,
}
