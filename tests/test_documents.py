"""The documents a treasury pays and files, read as it reads them: the PDFs' text, the
XRechnung's and Factur-X's XML, the portal's invoice page; every report of the project
printed by Chromium with the company's identity and "Seite x von y" on every page."""
import datetime
import io
import re
import unicodedata

import facturx
import pypdf
import pytest
from lxml import etree

from .conftest import text_of
from .test_xrechnung_portal import NS, Setup, normalized_text

IBAN = "DE02 1203 0000 0000 2020 51"  # the demo account of KSM, as printed
NUMBER = re.compile(r"^RE-\d{4}-\d{4}$")


def readable(text):
    """Text as a reader copies it: ligatures (Chromium prints "ﬀ") as letters."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def pages_text(pdf):
    return [readable(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


def german_date(day):
    return day.strftime("%d.%m.%Y")


class Documents(Setup):
    """Setup of the XRechnung tests, and an invoice long enough for two pages."""

    def __init__(self, server):
        super().__init__(server)
        self.long_invoice = self.validated_invoice(self.luebtheen, lines=[
            ("Leistung %d laut Serviceschein" % number, 100.0 + number)
            for number in range(40)])

    def pdf(self, session, path):
        response = session.get(session.url(path))
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "application/pdf"
        return response


@pytest.fixture(scope="module")
def documents(odoo_server):
    setup = Documents(odoo_server)
    yield setup
    setup.admin.close()


def test_invoice_pdf_names_its_issuer_and_how_to_pay(documents, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    response = documents.pdf(portal, "/my/invoices/pdf/%d" % documents.invoice)
    number, date_invoice, date_due = documents.read(
        "account.invoice", documents.invoice, ["number", "date_invoice", "date_due"])
    assert NUMBER.match(number), number
    assert response.headers["Content-Disposition"].endswith("''%s.pdf" % number)
    text = readable(normalized_text(response.content))
    # the issuer (§ 14 UStG): name, legal form, address, tax number, register, bank
    for expected in ("KSM Kommunalservice Mecklenburg AöR", "Anstalt des öffentlichen Rechts",
                     "Eckdrift 103", "19061 Schwerin", "Steuernummer 090/123/45678",
                     "Amtsgericht Schwerin HRA 4711", "IBAN " + IBAN, "BIC BYLADEM1001",
                     "KSM Finanzbuchhaltung", "+49 385 30031-250"):
        assert expected in text, expected
    # the information block and the payment note
    invoice_day = datetime.date.fromisoformat(date_invoice)
    due_day = invoice_day + datetime.timedelta(days=30)
    assert date_due == due_day.isoformat()
    assert "Rechnungsnummer %s" % number in text
    assert "Rechnungsdatum %s" % german_date(invoice_day) in text
    assert "Fällig am %s" % german_date(due_day) in text
    assert "Leitweg-ID %s" % documents.luebtheen_leitweg_id in text
    assert "Kundennummer LÜB" in text
    assert "bis zum %s" % german_date(due_day) in text and "unter Angabe von %s" % number in text
    assert "Seite 1 von 1" in text


def test_two_page_invoice_numbers_every_page_and_repeats_the_table_header(documents, backoffice):
    pdf = documents.pdf(backoffice, "/report/pdf/account.report_invoice/%d"
                        % documents.long_invoice).content
    pages = pages_text(pdf)
    assert len(pages) == 2
    for number, page in enumerate(pages, 1):
        assert "Seite %d von 2" % number in page
        assert "Beschreibung" in page and "Betrag" in page  # the table's header
        assert "Steuernummer 090/123/45678" in page and IBAN in page  # the footer
    assert "Leistung 39 laut Serviceschein" in pages[1]


def test_xrechnung_states_due_date_payment_reference_and_terms(documents, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    xml = portal.get(portal.url("/my/invoices/%d/xrechnung" % documents.invoice)).content
    tree = etree.fromstring(xml)
    number, date_due = documents.read("account.invoice", documents.invoice,
                                      ["number", "date_due"])
    assert tree.xpath("//ram:SpecifiedTradePaymentTerms/ram:DueDateDateTime/*/text()",
                      namespaces=NS) == [date_due.replace("-", "")]  # BT-9
    assert tree.xpath("//ram:ApplicableHeaderTradeSettlement/ram:PaymentReference/text()",
                      namespaces=NS) == [number]  # BT-83
    assert tree.xpath("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID/text()",
                      namespaces=NS) == [number]  # BT-1
    terms = tree.xpath("//ram:SpecifiedTradePaymentTerms/ram:Description/text()",
                       namespaces=NS)  # BT-20
    assert terms and "30" in terms[0]


def test_facturx_passes_the_facturx_checks(documents, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    pdf = documents.pdf(portal, "/my/invoices/%d/facturx" % documents.invoice).content
    filename, xml = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=True)
    assert filename == "factur-x.xml"
    tree = etree.fromstring(xml)
    assert facturx.get_facturx_level(tree) == "en16931"
    assert facturx.get_facturx_flavor(tree) == "factur-x"
    assert facturx.xml_check_xsd(xml, flavor="factur-x", level="en16931")
    assert tree.xpath("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()",
                      namespaces=NS) == ["urn:cen.eu:en16931:2017"]
    # the XRechnung itself stays an XRechnung
    xrechnung = etree.fromstring(portal.get(portal.url(
        "/my/invoices/%d/xrechnung" % documents.invoice)).content)
    assert xrechnung.xpath("//ram:GuidelineSpecifiedDocumentContextParameter/ram:ID/text()",
                           namespaces=NS)[0].endswith("xrechnung_3.0")


def test_portal_invoice_page_shows_the_invoice_as_its_pdf(documents, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    page = portal.get(portal.url("/my/invoices/%d" % documents.invoice))
    assert page.status_code == 200
    rows = etree.HTML(page.text).xpath("//tbody[contains(@class, 'o_portal_report_tbody')]/tr")
    assert rows and all(" ".join(row.xpath("string(.)").split()) for row in rows)  # no blank rows
    text = text_of(page.text)
    assert "Hälfte" in text and " 1 26.640,00 €" in text  # quantities without ",000"
    assert ",000" not in text
    assert "26.640,00 €" in text  # prices with their currency
    assert "Rechnungsdatum" in text and "Fällig am" in text
    assert 'class="btn btn-default btn-sm o_einvoice_pdf"' in page.text  # a labelled button
    assert "/my/invoices/pdf/%d" % documents.invoice in page.text


@pytest.mark.parametrize("report, model, domain", [
    ("ksm_services.report_service_sheet", "ksm.service.sheet", []),
    ("ksm_services.report_service_sheet_annex", "ksm.service.sheet", []),
    ("ksm_allocation.report_allocation_statement", "ksm.allocation.line", [("pool_state", "!=", "draft")]),
    ("ksm_allocation.report_true_up", "ksm.true.up", []),
])
def test_every_report_names_the_issuer_on_every_page(documents, backoffice, report, model, domain):
    records = backoffice.call_kw(model, "search", [domain], {"limit": 1})
    assert records, "no %s in the demo data" % model
    pages = pages_text(documents.pdf(backoffice, "/report/pdf/%s/%d" % (report, records[0])).content)
    for number, page in enumerate(pages, 1):
        assert "Seite %d von %d" % (number, len(pages)) in page
        assert "KSM Kommunalservice Mecklenburg AöR" in page and IBAN in page
    assert "Steuernummer 090/123/45678" in pages[0]


def test_replacement_plan_prints_with_the_layout(documents, backoffice):
    plan = backoffice.call_kw("ksm.replacement.plan", "create", [{
        "reference_date": "2022-01-01"}])
    text = " ".join(pages_text(documents.pdf(
        backoffice, "/report/pdf/ksm_schul_it.report_replacement_plan/%d" % plan).content))
    assert "Seite 1 von" in text and "Stichtag 01.01.2022" in text and IBAN in text


def test_recurring_service_reads_the_same_on_sheet_invoice_and_xrechnung(documents, backoffice):
    lines = backoffice.call_kw("account.invoice.line", "search_read", [[
        ("ksm_billed_months", "in", [1, 3]), ("invoice_id.state", "in", ["open", "paid"])]],
        {"fields": ["invoice_id", "ksm_billed_quantity", "ksm_sheet_price", "ksm_billed_months",
                    "price_subtotal"], "limit": 1})
    assert lines, "the demo invoice runs bill monthly or quarterly services"
    line = lines[0]
    invoice = line["invoice_id"][0]
    share = "%d/12" % line["ksm_billed_months"]
    assert abs(line["ksm_billed_quantity"] * line["ksm_sheet_price"] * line["ksm_billed_months"]
               / 12 - line["price_subtotal"]) < 0.01 * line["ksm_billed_quantity"] + 0.01
    text = readable(normalized_text(documents.pdf(
        backoffice, "/report/pdf/account.report_invoice/%d" % invoice).content))
    assert "Jahrespreis" in text and "Anteil des Jahres" in text and share in text
    assert "Anteilig" not in text
    attachment = documents.read("account.invoice", invoice, ["xrechnung_attachment_id"])[0]
    xml = etree.fromstring(backoffice.get(backoffice.url(
        "/web/content/%d?download=true" % attachment[0])).content)
    # quantity x yearly price per 12 / months billed (BT-129, BT-146, BT-149)
    items = [(float(item.xpath("string(.//ram:BilledQuantity)", namespaces=NS)),
              float(item.xpath("string(.//ram:NetPriceProductTradePrice/ram:ChargeAmount)",
                               namespaces=NS)),
              item.xpath("string(.//ram:NetPriceProductTradePrice/ram:BasisQuantity)",
                         namespaces=NS))
             for item in xml.xpath("//ram:IncludedSupplyChainTradeLineItem", namespaces=NS)]
    assert (line["ksm_billed_quantity"], line["ksm_sheet_price"],
            "%.2f" % (12.0 / line["ksm_billed_months"])) in items
