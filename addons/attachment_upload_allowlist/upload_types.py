"""The file types a person may upload, recognised by their content (the name only tells
text/plain from text/csv), and the types that browsers would run as code."""
import re

from odoo.tools.mimetypes import guess_mimetype

# ONE allow-list: what Träger really send
ALLOWED_MIMETYPES = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "image/gif": "GIF",
    "image/webp": "WebP",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation":
        "PowerPoint (PPTX)",
    "application/vnd.oasis.opendocument.text": "OpenDocument Text (ODT)",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument Tabelle (ODS)",
    "application/vnd.oasis.opendocument.presentation": "OpenDocument Präsentation (ODP)",
    "application/msword": "Word (DOC)",
    "application/vnd.ms-excel": "Excel (XLS)",
    "application/vnd.ms-powerpoint": "PowerPoint (PPT)",
    "text/plain": "Text",
    "text/csv": "CSV",
    "application/zip": "ZIP",
    "message/rfc822": "E-Mail (EML)",
    "application/vnd.ms-outlook": "Outlook-E-Mail (MSG)",
}

# served inline by Odoo without risk: a browser shows them, it does not run them
INLINE_MIMETYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp",
                    "image/bmp", "text/plain"}

# what a browser runs or renders as a document of the origin that serves it (also every
# type ending in +xml, and every type naming html or script)
ACTIVE_MIMETYPES = {"text/xml", "application/xml", "text/css", "text/xsl", "text/vtt",
                    "message/rfc822", "multipart/related", "application/x-shockwave-flash"}

OLE_SIGNATURE = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1"
# Outlook .msg files are OLE files whose streams are named __substg1.0_... (UTF-16)
OUTLOOK_STREAM = "__substg1.0_".encode("utf-16-le")
MAIL_HEADERS = {"from", "to", "date", "subject", "received", "message-id", "mime-version",
                "return-path", "delivered-to", "reply-to", "cc"}
MARKUP = re.compile(r"<\s*(!doctype\s+html|html|head|body|script|svg|iframe|object|embed|"
                    r"meta|link|style|form|img|a\s|\?xml|xsl:|x:script)", re.IGNORECASE)
BINARY_CONTROLS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def is_active(mimetype):
    """Whether a browser would treat content of ``mimetype`` as a page or code."""
    mimetype = (mimetype or "").split(";")[0].strip().lower()
    return (mimetype in ACTIVE_MIMETYPES or mimetype.endswith("+xml")
            or "html" in mimetype or "script" in mimetype)


def _text_of(data):
    """The text of ``data`` (UTF-8, else Windows-1252), or None for binary data."""
    for bom in (b"\xef\xbb\xbf",):
        if data.startswith(bom):
            data = data[len(bom):]
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if BINARY_CONTROLS.search(text) else text
    return None


def _is_mail(text):
    """Whether ``text`` starts with RFC 5322 header lines (an .eml file)."""
    header, separator, _body = text.replace("\r\n", "\n").partition("\n\n")
    if not separator:
        return False
    names = set()
    for line in header.split("\n"):
        if line[:1] in (" ", "\t"):
            continue  # a folded header line
        match = re.match(r"([!-9;-~]+):", line)
        if not match:
            return False
        names.add(match.group(1).lower())
    return len(names & MAIL_HEADERS) >= 2


def _text_mimetype(text, filename):
    if _is_mail(text):
        return "message/rfc822"
    head = text.lstrip()[:4096]
    if head.startswith("<") or MARKUP.search(head):
        lowered = head.lower()
        if "<svg" in lowered:
            return "image/svg+xml"
        if lowered.startswith("<?xml") and "<html" not in lowered:
            return "application/xml"
        return "text/html"
    if (filename or "").lower().endswith(".csv"):
        return "text/csv"
    return "text/plain"


def sniff_mimetype(data, filename=None):
    """The type of ``data`` from its content ("magic bytes"; for text: mail, markup or
    plain text). ``filename`` only tells CSV from other text."""
    if data.startswith(b"RIFF") and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"\xFF\xD8\xFF"):
        return "image/jpeg"
    if data.startswith(OLE_SIGNATURE) and OUTLOOK_STREAM in data:
        return "application/vnd.ms-outlook"
    guessed = guess_mimetype(data, default="")
    # Odoo takes every file starting with "BM" for a bitmap: a real one has reserved zeros
    if guessed == "image/bmp" and data[6:10] != b"\0\0\0\0":
        guessed = ""
    if guessed:
        return guessed
    text = _text_of(data)
    if text is None:
        return "application/octet-stream"
    return _text_mimetype(text, filename)
