import base64
import io
import logging
import mimetypes
import os
import re
import threading
from collections import OrderedDict
from urllib.parse import unquote, urlsplit

import lxml.html
from PyPDF2 import PdfFileReader, PdfFileWriter
from PyPDF2.generic import ArrayObject, DictionaryObject, NameObject, NullObject, NumberObject

from odoo import _, api, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.modules.module import get_resource_path

from ..tools import chromium
from ..tools import css as css_tools

_logger = logging.getLogger(__name__)

MM_PER_INCH = 25.4
# width and height in mm of Odoo's paper formats (report.paperformat.format)
PAPER_SIZES = {
    "A0": (841, 1189), "A1": (594, 841), "A2": (420, 594), "A3": (297, 420),
    "A4": (210, 297), "A5": (148, 210), "A6": (105, 148), "A7": (74, 105),
    "A8": (52, 74), "A9": (37, 52), "B0": (1000, 1414), "B1": (707, 1000),
    "B2": (500, 707), "B3": (353, 500), "B4": (250, 353), "B5": (176, 250),
    "B6": (125, 176), "B7": (88, 125), "B8": (62, 88), "B9": (33, 62), "B10": (31, 44),
    "C5E": (163, 229), "Comm10E": (105, 241), "DLE": (110, 220),
    "Executive": (190.5, 254), "Folio": (210, 330), "Ledger": (431.8, 279.4),
    "Legal": (215.9, 355.6), "Letter": (215.9, 279.4), "Tabloid": (279.4, 431.8),
}
# wkhtmltopdf's margins when a report has no paper format
DEFAULT_MARGIN_MM = 10
# The URL the document seems to come from: on the server's origin, so that the links of
# Odoo's report layouts resolve; the request never leaves the browser.
DOCUMENT_PATH = "/report_chromium/document"
STATIC_PATH = re.compile(r"^/(?P<module>[\w.-]+)/static/(?P<path>.+)$")
DEFAULT_TIMEOUT = 120
# The classes Odoo's report layouts mark page numbers with (filled in by wkhtmltopdf's
# subst() script) and the ones Chromium fills in its header and footer templates.
PAGE_NUMBER_CLASSES = {"page": "pageNumber", "topage": "totalPages"}
# Chromium lays the template out in a flex box and shrinks what is wider than the page:
# one band as wide as the page, its content between the side margins (and Bootstrap's
# 15 px gutter, as the body of Odoo's minimal layout has: class "container").
BAND_STYLE = """
html, body { margin: 0; padding: 0; background: transparent; }
body { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
.report_chromium_band { box-sizing: border-box; width: 100%%; overflow: hidden;
    padding: 0 calc(%(right).3fin + 15px) 0 calc(%(left).3fin + 15px); }
"""
# Asset bundles by URL: their URLs carry a checksum, their content never changes.
BUNDLE_CACHE_SIZE = 32
_bundles = OrderedDict()
_bundles_lock = threading.Lock()


class IrActionsReport(models.Model):
    """Every qweb-pdf report printed by a warm headless Chromium instead of wkhtmltopdf.

    Odoo's report API stays as it is: ``render_qweb_pdf`` renders the HTML and splits
    it into documents, headers and footers (``_prepare_html``), and calls
    ``_run_wkhtmltopdf``, which this module replaces. Each document is printed on its
    own, with its header and footer as Chromium's header and footer templates, so that
    "page x of y" counts the pages of that document; the PDFs are then put together.
    The stylesheets, scripts and static files the documents link to are read from the
    database and the addons here, not fetched from the server: printing needs no free
    worker and no reachable ``report.url``.
    """

    _inherit = "ir.actions.report"

    @api.model
    def get_wkhtmltopdf_state(self):
        # what the web client asks before it downloads a PDF
        if chromium.find_executable():
            return "ok"
        return super(IrActionsReport, self).get_wkhtmltopdf_state()

    @api.model
    def _run_wkhtmltopdf(self, bodies, header=None, footer=None, landscape=False,
                         specific_paperformat_args=None, set_viewport_size=False):
        if not chromium.find_executable():
            return super(IrActionsReport, self)._run_wkhtmltopdf(
                bodies, header=header, footer=footer, landscape=landscape,
                specific_paperformat_args=specific_paperformat_args,
                set_viewport_size=set_viewport_size)
        paperformat = self.paperformat_id or self.env.user.company_id.paperformat_id
        options = self._chromium_print_options(paperformat, landscape,
                                               specific_paperformat_args or {})
        base_url = self._chromium_base_url()
        resolve = self._chromium_resolver(base_url)
        headers = self._chromium_bands(header, "minimal_layout_report_headers", len(bodies))
        footers = self._chromium_bands(footer, "minimal_layout_report_footers", len(bodies))
        band_css = self._chromium_band_css(header or footer, resolve, base_url)
        timeout = self._chromium_timeout()
        pdfs = []
        try:
            browser = chromium.browser()
            for body, band_header, band_footer in zip(bodies, headers, footers):
                document_options = dict(options)
                if band_header is not None or band_footer is not None:
                    document_options.update(
                        displayHeaderFooter=True,
                        headerTemplate=self._chromium_template(band_header, band_css, options),
                        footerTemplate=self._chromium_template(band_footer, band_css, options))
                pdfs.append(browser.render_pdf(
                    self._chromium_document(body), base_url + DOCUMENT_PATH, resolve,
                    document_options, timeout=timeout))
        except chromium.ChromiumError as error:
            _logger.warning("Chromium could not print report %s: %s", self.report_name, error)
            raise UserError(_("The PDF could not be created: %s") % error)
        return self._chromium_merge(pdfs)

    # ------------------------------------------------------------------ options
    @api.model
    def _chromium_print_options(self, paperformat, landscape, specific_args):
        """``Page.printToPDF`` parameters for the paper format (sizes in inches)."""
        width, height = PAPER_SIZES["A4"]
        margins = dict.fromkeys(("top", "bottom", "left", "right"), DEFAULT_MARGIN_MM)
        if paperformat:
            if paperformat.format == "custom" and paperformat.page_width and paperformat.page_height:
                width, height = paperformat.page_width, paperformat.page_height
            else:
                width, height = PAPER_SIZES.get(paperformat.format, (width, height))
            margins.update(top=paperformat.margin_top, bottom=paperformat.margin_bottom,
                           left=paperformat.margin_left, right=paperformat.margin_right)
            landscape = landscape or paperformat.orientation == "Landscape"
        if specific_args.get("data-report-margin-top"):
            margins["top"] = float(specific_args["data-report-margin-top"])
        return {
            "paperWidth": width / MM_PER_INCH,
            "paperHeight": height / MM_PER_INCH,
            "landscape": bool(landscape),
            "marginTop": margins["top"] / MM_PER_INCH,
            "marginBottom": margins["bottom"] / MM_PER_INCH,
            "marginLeft": margins["left"] / MM_PER_INCH,
            "marginRight": margins["right"] / MM_PER_INCH,
            "printBackground": True,
            "preferCSSPageSize": False,
            "displayHeaderFooter": False,
        }

    @api.model
    def _chromium_timeout(self):
        value = self.env["ir.config_parameter"].sudo().get_param("report_chromium.timeout")
        try:
            return max(float(value), 1.0) if value else DEFAULT_TIMEOUT
        except ValueError:
            return DEFAULT_TIMEOUT

    @api.model
    def _chromium_base_url(self):
        parameters = self.env["ir.config_parameter"].sudo()
        base_url = (parameters.get_param("report.url") or parameters.get_param("web.base.url")
                    or "http://localhost:8069")
        return base_url.rstrip("/")

    # ------------------------------------------------------------------ documents
    @api.model
    def _chromium_document(self, html):
        """Odoo's minimal layout puts ``<base>`` before the doctype, which makes browsers
        render in quirks mode; the doctype goes first."""
        if isinstance(html, bytes):
            html = html.decode("utf-8")
        match = re.match(r"\s*(<base [^>]*>)\s*<!DOCTYPE html>", html, re.IGNORECASE)
        if match:
            html = "<!DOCTYPE html>" + match.group(1) + html[match.end():]
        return html.encode("utf-8")

    @api.model
    def _chromium_bands(self, html, container_id, count):
        """The header (or footer) of each document: the children of the layout's
        container, in the order of the documents. One band serves every document."""
        if not html:
            return [None] * count
        root = lxml.html.fromstring(html)
        containers = root.xpath("//*[@id='%s']" % container_id)
        bands = list(containers[0]) if containers else []
        for band in bands:
            for node in band.iter():
                classes = (node.get("class") or "").split()
                extra = [PAGE_NUMBER_CLASSES[name] for name in classes if name in PAGE_NUMBER_CLASSES]
                if extra:
                    node.set("class", " ".join(classes + extra))
        bands = [lxml.html.tostring(band, encoding="unicode") for band in bands]
        if len(bands) == count:
            return bands
        if len(bands) == 1:
            return bands * count
        return [None] * count

    @api.model
    def _chromium_band_css(self, html, resolve, base_url):
        """The stylesheets of the layout, inlined: header and footer templates load
        nothing themselves."""
        if not html:
            return ""
        root = lxml.html.fromstring(html)
        styles = []
        for link in root.xpath("//link[@rel='stylesheet'][@href]"):
            href = link.get("href")
            url = href if "://" in href else base_url + "/" + href.lstrip("/")
            answer = resolve(url)
            if answer[0] == "fulfill" and answer[1] == 200:
                styles.append(answer[3].decode("utf-8", "replace"))
        styles.extend(style.text or "" for style in root.xpath("//style"))
        return "\n".join(styles)

    @api.model
    def _chromium_template(self, band, css, options):
        """A header or footer template: the band between the page's side margins."""
        if band is None:
            return "<span></span>"
        style = BAND_STYLE % {"left": options["marginLeft"], "right": options["marginRight"]}
        return '<style>%s</style><style>%s</style><div class="report_chromium_band">%s</div>' % (
            css_tools.prune_cached(css, css_tools.used_names(band)), style, band)

    @api.model
    def _chromium_merge(self, pdfs):
        """One PDF of the documents' PDFs. With several documents, a destination marks
        where each begins, as Odoo expects of wkhtmltopdf's outlines when it saves each
        record's part as its attachment (``_post_pdf``: page indexes)."""
        if len(pdfs) == 1:
            return pdfs[0]
        writer = PdfFileWriter()
        destinations = DictionaryObject()
        for number, pdf in enumerate(pdfs):
            destinations[NameObject("/document%d" % number)] = ArrayObject([
                NumberObject(writer.getNumPages()), NameObject("/XYZ"),
                NullObject(), NullObject(), NullObject()])
            writer.appendPagesFromReader(PdfFileReader(io.BytesIO(pdf)))
        writer._root_object[NameObject("/Dests")] = destinations
        stream = io.BytesIO()
        writer.write(stream)
        return stream.getvalue()

    # ------------------------------------------------------------------ requests
    @api.model
    def _chromium_resolver(self, base_url):
        """Answers the documents' requests: asset bundles from the database, static
        files of the addons from disk, other URLs of the server over HTTP with the
        user's session (like wkhtmltopdf's cookie), nothing from elsewhere."""
        origin = urlsplit(base_url)[:2]
        session_cookie = {}
        try:
            if request and request.session.sid:
                session_cookie = {"Cookie": "session_id=%s" % request.session.sid}
        except (AttributeError, RuntimeError):
            pass
        Attachment = self.env["ir.attachment"].sudo()

        def resolve(url):
            parts = urlsplit(url)
            if parts.scheme == "data":
                return ("continue", None)
            if parts[:2] != origin:
                return ("fail",)
            path = unquote(parts.path)
            if path.startswith("/web/content/"):
                bundle = _bundles.get(path)
                if bundle is None:
                    found = Attachment.search([
                        ("url", "=", path), ("res_model", "=", "ir.ui.view"),
                        ("type", "=", "binary"), ("public", "=", True)], limit=1)
                    if found:
                        bundle = (found.mimetype or "text/plain",
                                  base64.b64decode(found.datas or b""))
                        with _bundles_lock:
                            _bundles[path] = bundle
                            while len(_bundles) > BUNDLE_CACHE_SIZE:
                                _bundles.popitem(last=False)
                if bundle is not None:
                    return ("fulfill", 200, {"Content-Type": bundle[0],
                                             "Cache-Control": "public, max-age=604800"},
                            bundle[1])
            static = STATIC_PATH.match(path)
            if static:
                answer = _static_file(static.group("module"), static.group("path"))
                if answer:
                    return answer
            return ("continue", session_cookie)

        return resolve


def _static_file(module, path):
    """A file below ``static/`` of an addon, or None. No way out of that folder."""
    parts = [part for part in path.split("/") if part]
    if any(part in (".", "..") for part in parts) or "\0" in path:
        return None
    folder = get_resource_path(module, "static")
    if not folder:
        return None
    full = os.path.realpath(os.path.join(folder, *parts))
    if not full.startswith(os.path.realpath(folder) + os.sep) or not os.path.isfile(full):
        return None
    with open(full, "rb") as handle:
        body = handle.read()
    mimetype = mimetypes.guess_type(full)[0] or "application/octet-stream"
    return ("fulfill", 200, {"Content-Type": mimetype}, body)
