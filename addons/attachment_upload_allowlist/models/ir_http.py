"""Whatever route stored a file: active content (HTML, SVG, XML, scripts) is never served
inline from Odoo's origin, only as a download that the browser does not render."""
from odoo import models
from odoo.http import request

from ..upload_types import INLINE_MIMETYPES, is_active

DOWNLOAD_TYPE = "application/octet-stream"
# a download that is opened anyway runs nothing and loads nothing
DOWNLOAD_POLICY = "default-src 'none'; sandbox"
ASSET_TYPES = ("application/javascript", "text/javascript", "text/css")


def _is_asset_bundle(env, model, record_id, mimetype):
    """Odoo's own script and style bundles (attachments of ir.ui.view that only the
    system creates) are served as they are."""
    if model != "ir.attachment" or not record_id or mimetype not in ASSET_TYPES:
        return False
    try:
        attachment = env["ir.attachment"].sudo().browse(int(record_id))
    except (TypeError, ValueError):
        return False
    return attachment.exists() and attachment.res_model == "ir.ui.view"


def passive_headers(headers, filename):
    """``headers`` (list of pairs) for a download of active content: a type that browsers
    do not render, Content-Disposition attachment and a sandbox policy."""
    from odoo.http import content_disposition
    kept = [(name, value) for name, value in headers
            if name.lower() not in ("content-type", "content-disposition",
                                    "content-security-policy", "x-content-type-options")]
    return kept + [("Content-Type", DOWNLOAD_TYPE),
                   ("Content-Disposition", content_disposition(filename or "download")),
                   ("Content-Security-Policy", DOWNLOAD_POLICY),
                   ("X-Content-Type-Options", "nosniff")]


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def binary_content(cls, xmlid=None, model="ir.attachment", id=None, field="datas",
                       unique=False, filename=None, filename_field="datas_fname",
                       download=False, mimetype=None,
                       default_mimetype="application/octet-stream", access_token=None,
                       env=None):
        status, headers, content = super(IrHttp, cls).binary_content(
            xmlid=xmlid, model=model, id=id, field=field, unique=unique, filename=filename,
            filename_field=filename_field, download=download, mimetype=mimetype,
            default_mimetype=default_mimetype, access_token=access_token, env=env)
        if status not in (200, 304):
            return status, headers, content
        served = dict((name.lower(), value) for name, value in headers).get(
            "content-type", "").split(";")[0].strip().lower()
        env = env or request.env
        name = filename or cls._binary_filename(xmlid, model, id, env)
        asset = _is_asset_bundle(env, model, id, served)
        if is_active(served) and not asset:
            return status, passive_headers(headers, name), content
        if served not in INLINE_MIMETYPES and not asset \
                and not any(n.lower() == "content-disposition" for n, _v in headers):
            # office documents, archives, mails: downloads, never opened in the page
            headers = headers + [("Content-Disposition", cls.content_disposition(
                name or "download"))]
        return status, headers, content

    @classmethod
    def _binary_filename(cls, xmlid, model, record_id, env):
        """The name of the download: the attachment's file name, else Odoo's pattern."""
        if model == "ir.attachment" and not xmlid and str(record_id or "").isdigit():
            attachment = env["ir.attachment"].sudo().browse(int(record_id))
            if attachment.exists():
                return attachment.datas_fname or attachment.name
        return "%s-%s" % (model, record_id or xmlid)

    @classmethod
    def _serve_attachment(cls):
        """Attachments served by their URL (website's fallback) follow the same rule."""
        response = super(IrHttp, cls)._serve_attachment()
        if response is None or not hasattr(response, "mimetype"):
            return response
        if is_active(response.mimetype) and response.mimetype not in ASSET_TYPES:
            headers = passive_headers(list(response.headers.items()),
                                      request.httprequest.path.rsplit("/", 1)[-1])
            response.headers.clear()
            for name, value in headers:
                response.headers.add(name, value)
        return response
