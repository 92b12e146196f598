import io
import os
import threading
import time

import psutil
from pypdf import PdfReader

from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from ..tools import chromium

BASE = "http://localhost:8069"


def document(body, title="Dokument"):
    """A document as Odoo's minimal layout makes it (base before the doctype)."""
    return ('<base href="%s"/><!DOCTYPE html><html><head><meta charset="utf-8"/>'
            '<title>%s</title></head><body class="container">%s</body></html>'
            % (BASE, title, body)).encode()


def bands(container_id, *bands):
    return ('<base href="%s"/><!DOCTYPE html><html><head>'
            '<style>.band-marker { font-weight: bold; }</style></head><body>'
            '<div id="%s">%s</div></body></html>'
            % (BASE, container_id, "".join(bands))).encode()


def page_texts(pdf):
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


class TestReportChromium(TransactionCase):
    """Printing through Chromium as ir.actions.report does it (``_run_wkhtmltopdf``):
    Odoo's test mode renders reports as HTML, so the tests call the engine directly."""

    def setUp(self):
        super(TestReportChromium, self).setUp()
        self.report = self.env.ref("base.report_ir_model_overview")
        self.report.paperformat_id = self.env.ref("base.paperformat_euro")

    def run_report(self, bodies, header=None, footer=None, report=None):
        return (report or self.report)._run_wkhtmltopdf(bodies, header=header, footer=footer)

    def test_every_page_has_its_document_header_footer_and_page_number(self):
        long_body = document("<h1>Erster</h1>" + "<p>Zeile</p>" * 90)
        short_body = document("<h1>Zweiter</h1><p>Kurz</p>")
        header = bands("minimal_layout_report_headers",
                       '<div class="header">Kopf Eins</div>',
                       '<div class="header">Kopf Zwei</div>')
        footer = bands("minimal_layout_report_footers",
                       '<div class="footer">Seite <span class="page"/> von <span class="topage"/></div>',
                       '<div class="footer">Blatt <span class="page"/> von <span class="topage"/></div>')
        pdf = self.run_report([long_body, short_body], header, footer)
        pages = page_texts(pdf)
        first = [page for page in pages if "Kopf Eins" in page]
        self.assertGreater(len(first), 1)
        self.assertEqual(pages[:len(first)], first)
        for number, page in enumerate(first, 1):
            self.assertIn("Seite %d von %d" % (number, len(first)), page)
        # each document counts its own pages, as Odoo's reports do
        self.assertEqual(len(pages), len(first) + 1)
        self.assertIn("Kopf Zwei", pages[-1])
        self.assertIn("Blatt 1 von 1", pages[-1])
        # where each document begins, for Odoo's saving of one attachment per record
        destinations = PdfReader(io.BytesIO(pdf)).trailer["/Root"]["/Dests"]
        self.assertEqual(sorted(dest[0] for dest in destinations.values()), [0, len(first)])

    def test_paper_format_sets_size_orientation_and_margins(self):
        paperformat = self.env["report.paperformat"].create({
            "name": "A5 quer", "format": "A5", "orientation": "Landscape",
            "margin_top": 30, "margin_bottom": 20, "margin_left": 15, "margin_right": 15})
        self.report.paperformat_id = paperformat
        pdf = self.run_report([document("<p>Hallo</p>")])
        box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
        width_mm, height_mm = float(box.width) / 72 * 25.4, float(box.height) / 72 * 25.4
        self.assertAlmostEqual(width_mm, 210, delta=1)
        self.assertAlmostEqual(height_mm, 148, delta=1)
        options = self.report._chromium_print_options(paperformat, False, {
            "data-report-margin-top": "42"})
        self.assertTrue(options["landscape"])
        self.assertAlmostEqual(options["marginTop"] * 25.4, 42)
        self.assertAlmostEqual(options["marginLeft"] * 25.4, 15)

    def test_documents_load_assets_from_the_database_and_static_files_only(self):
        resolve = self.report._chromium_resolver(BASE)
        css = resolve(BASE + "/web/static/lib/bootstrap/css/bootstrap.css")
        self.assertEqual(css[0], "fulfill")
        self.assertIn(b".container", css[3])
        # no way out of an addon's static folder, nothing from elsewhere
        self.assertEqual(resolve(BASE + "/web/static/../../../../../../etc/passwd")[0],
                         "continue")
        self.assertEqual(resolve(BASE + "/web/static/%2e%2e/%2e%2e/__manifest__.py")[0],
                         "continue")
        self.assertEqual(resolve("http://example.org/logo.png"), ("fail",))
        self.assertEqual(resolve("file:///etc/passwd"), ("fail",))
        # a bundle of the report's assets, as the report's HTML links it
        nodes = self.env["ir.qweb"]._get_asset_nodes("web.report_assets_common", {},
                                                      css=True, js=False)
        href = [attributes["href"] for _tag, attributes, _content in nodes
                if attributes.get("href", "").startswith("/web/content/")][0]
        bundle = resolve(BASE + href)
        self.assertEqual((bundle[0], bundle[1], bundle[2]["Content-Type"]),
                         ("fulfill", 200, "text/css"))

    def test_a_document_that_does_not_finish_times_out_and_the_browser_goes_on(self):
        self.env["ir.config_parameter"].sudo().set_param("report_chromium.timeout", "3")
        with self.assertRaisesRegex(UserError, "PDF konnte nicht erstellt werden"):
            self.run_report([document("<script>while (true) {}</script>")])
        self.env["ir.config_parameter"].sudo().set_param("report_chromium.timeout", "60")
        self.assertIn("Weiter", page_texts(self.run_report([document("<p>Weiter</p>")]))[0])

    def test_an_ended_browser_is_reaped_and_started_again(self):
        self.run_report([document("<p>Eins</p>")])
        first = chromium.browser()
        process = psutil.Process(first.process.pid)
        process.kill()
        first.process.wait(10)
        first._reader.join(10)
        self.assertFalse(first.alive)
        with self.assertRaises(ChildProcessError):
            os.waitpid(first.process.pid, os.WNOHANG)  # reaped: no zombie
        self.assertIn("Zwei", page_texts(self.run_report([document("<p>Zwei</p>")]))[0])
        self.assertNotEqual(chromium.browser().process.pid, first.process.pid)

    def test_threads_print_at_the_same_time(self):
        browser = chromium.browser()
        results = {}

        def render(number):
            results[number] = browser.render_pdf(
                document("<p>Druck %d</p>" % number), BASE + "/report_chromium/document",
                lambda url: ("fail",), {"printBackground": True}, timeout=60)

        threads = [threading.Thread(target=render, args=(number,)) for number in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(120)
        self.assertEqual(sorted(results), list(range(6)))
        for number, pdf in results.items():
            self.assertIn("Druck %d" % number, page_texts(pdf)[0])

    def test_a_document_asks_the_server_for_no_icon(self):
        """Chromium fetches /favicon.ico of a page without an icon, also after printing,
        when the tab may be closing and the request goes to the server unintercepted."""
        asked = []

        def resolve(url):
            asked.append(url)
            return ("fail",)

        browser = chromium.browser()
        for number in range(3):
            pdf = browser.render_pdf(
                document("<p>Symbol %d</p>" % number), BASE + "/report_chromium/document",
                resolve, {"printBackground": True}, timeout=60)
            self.assertIn("Symbol %d" % number, page_texts(pdf)[0])
        time.sleep(1)  # what a tab asks after its load
        self.assertFalse([url for url in asked if "favicon" in url], asked)

    def test_the_web_client_is_told_pdfs_can_be_printed(self):
        self.assertEqual(self.env["ir.actions.report"].get_wkhtmltopdf_state(), "ok")
