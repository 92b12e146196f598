import base64
import io
import zipfile

from odoo.exceptions import UserError
from odoo.tests.common import TransactionCase

from ..upload_types import ALLOWED_MIMETYPES, is_active, sniff_mimetype

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAwS2OUAAAAABJRU5ErkJggg==")
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
MAIL = (b"From: Amt <amt@example.org>\r\nTo: ksm@example.org\r\nSubject: Drucker\r\n"
        b"Date: Mon, 30 Nov 2026 09:00:00 +0100\r\n\r\n<html><b>Hallo</b></html>\r\n")


def zipped(entries):
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as archive:
        for name, content in entries:
            archive.writestr(name, content)
    return data.getvalue()


DOCX = zipped([("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w/>")])
XLSX = zipped([("[Content_Types].xml", "<Types/>"), ("xl/workbook.xml", "<w/>")])
ODT = zipped([("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "")])
FAKE_ODF = zipped([("mimetype", "text/html"), ("content.xml", "")])
ZIP = zipped([("bericht.txt", "Hallo")])


class TestSniffing(TransactionCase):

    def test_types_by_content_not_by_name(self):
        cases = [
            (b"%PDF-1.4 ...", "scan.pdf", "application/pdf"),
            (PNG, "bild.jpg", "image/png"),
            (b"\xff\xd8\xff\xdb\x00\x43", "foto.jpg", "image/jpeg"),
            (b"GIF89a\x01\x00", "x.gif", "image/gif"),
            (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "x.webp", "image/webp"),
            (DOCX, "brief.pdf",
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            (XLSX, "liste.xlsx",
             "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            (ODT, "text.odt", "application/vnd.oasis.opendocument.text"),
            (ZIP, "daten.zip", "application/zip"),
            ("Drucker im Raum 3 geht nicht.\n".encode("cp1252"), "notiz.txt", "text/plain"),
            ("Schule;Geräte\nGrundschule;12\n".encode(), "liste.csv", "text/csv"),
            (b"BMW-Dienstwagen: Bericht\n", "bericht.txt", "text/plain"),
            (MAIL, "anfrage.eml", "message/rfc822"),
            (HTML, "rechnung.pdf", "text/html"),
            (b"  <script>alert(1)</script>", "notiz.txt", "text/html"),
            (SVG, "logo.png", "image/svg+xml"),
            (b"<?xml version='1.0'?><a/>", "daten.txt", "application/xml"),
            (b"\x7fELF\x02\x01\x01\x00\x00\x00", "tool.pdf", "application/octet-stream"),
        ]
        for data, filename, expected in cases:
            self.assertEqual(sniff_mimetype(data, filename), expected, filename)

    def test_allow_list_holds_nothing_active(self):
        # mails may carry HTML parts: allowed, but always served as downloads
        self.assertEqual([mimetype for mimetype in ALLOWED_MIMETYPES if is_active(mimetype)],
                         ["message/rfc822"])
        for mimetype in ("text/html", "image/svg+xml", "application/xhtml+xml", "text/xml",
                         "application/javascript", "text/css", "message/rfc822"):
            self.assertTrue(is_active(mimetype), mimetype)


class TestUploads(TransactionCase):

    def setUp(self):
        super(TestUploads, self).setUp()
        self.portal = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Upload Portal", "login": "upload-portal@example.org",
            "groups_id": [(6, 0, [self.env.ref("base.group_portal").id])]})

    def _create(self, user, data, filename, **values):
        return self.env["ir.attachment"].sudo(user).create(dict({
            "name": filename, "datas_fname": filename, "datas": base64.b64encode(data)},
            **values))

    def test_portal_upload_refused_unless_allowed(self):
        for data, filename in ((HTML, "seite.html"), (SVG, "logo.svg"),
                               (FAKE_ODF, "text.odt"), (b"\x7fELF\x02", "a.exe")):
            with self.assertRaises(UserError):
                self._create(self.portal, data, filename)
        with self.assertRaises(UserError):
            self._create(self.portal, b"", "link", type="url", url="javascript:alert(1)")

    def test_portal_upload_stored_with_sniffed_type(self):
        attachment = self._create(self.portal, DOCX, "brief.pdf", mimetype="text/html")
        self.assertEqual(
            attachment.sudo().mimetype,
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document")

    def test_active_content_served_as_download(self):
        # stored by the system (as a controller with sudo() does): still not inline
        attachment = self.env["ir.attachment"].create({
            "name": "seite.html", "datas_fname": "seite.html",
            "datas": base64.b64encode(HTML), "mimetype": "text/html"})
        status, headers, _content = self.env["ir.http"].binary_content(
            id=attachment.id, env=self.env)
        headers = dict(headers)
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/octet-stream")
        self.assertTrue(headers["Content-Disposition"].startswith("attachment"))
        self.assertIn("sandbox", headers["Content-Security-Policy"])

    def test_pictures_and_pdf_stay_inline(self):
        attachment = self.env["ir.attachment"].create({
            "name": "bild.png", "datas_fname": "bild.png", "datas": base64.b64encode(PNG)})
        status, headers, _content = self.env["ir.http"].binary_content(
            id=attachment.id, env=self.env)
        self.assertEqual(dict(headers)["Content-Type"], "image/png")
        self.assertNotIn("Content-Disposition", dict(headers))
