# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Attachment Upload Allow-list",
    "summary": "Uploads by portal and public users only of allowed file types, recognised "
               "by their content; active content (HTML, SVG, XML, scripts) never served "
               "inline",
    "version": "11.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": ["web"],
    "data": [],
    "installable": True,
}
