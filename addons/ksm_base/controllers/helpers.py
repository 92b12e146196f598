"""What every portal page of KSM's modules does the same way.

A record is looked up through the portal user's environment, so the record rules decide
what exists for the user; anything else answers 404 and never says whether it exists.
"""
import base64
import mimetypes

from werkzeug.exceptions import NotFound

from odoo.exceptions import AccessError
from odoo.http import content_disposition, request


def record_or_404(model, record_id, domain=None):
    """The record ``record_id`` of ``model`` if the user may read it (and it matches
    ``domain``), else NotFound; also for ids that are no number."""
    try:
        record_id = int(record_id)
    except (TypeError, ValueError):
        raise NotFound()
    try:
        record = request.env[model].search([("id", "=", record_id)] + list(domain or []))
    except AccessError:
        raise NotFound()
    if not record:
        raise NotFound()
    return record


def pdf_response(report_xmlid, records, filename, lang=None):
    """The report of ``records`` (found as the user, see record_or_404) as a download,
    rendered as superuser: the layout needs more than a portal user may read (company,
    assets)."""
    report = request.env.ref(report_xmlid).sudo()
    if lang:
        report = report.with_context(lang=lang)
    pdf = report.render_qweb_pdf(records.ids)[0]
    return request.make_response(pdf, headers=[
        ("Content-Type", "application/pdf"),
        ("Content-Length", len(pdf)),
        ("Content-Disposition", content_disposition(filename)),
    ])


def file_response(content_base64, filename):
    """A stored file (base64, as Odoo keeps binaries) as a download."""
    content = base64.b64decode(content_base64)
    mimetype = mimetypes.guess_type(filename or "")[0] or "application/octet-stream"
    return request.make_response(content, headers=[
        ("Content-Type", mimetype),
        ("Content-Length", len(content)),
        ("Content-Disposition", content_disposition(filename)),
        ("X-Content-Type-Options", "nosniff"),
    ])
