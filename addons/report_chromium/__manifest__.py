# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "PDF reports printed by Chromium",
    "summary": "Prints every QWeb PDF report with a warm headless Chromium instead of "
               "wkhtmltopdf: headers, footers and page numbers on every page",
    "version": "11.0.1.0.0",
    "category": "Reporting",
    "author": "KSM Kommunalservice Mecklenburg AöR",
    "website": "https://www.ksm-mv.de",
    "license": "LGPL-3",
    "depends": ["web"],
    "external_dependencies": {"python": ["PyPDF2", "lxml"]},
    "installable": True,
}
