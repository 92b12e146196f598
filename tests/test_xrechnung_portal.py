"""XRechnung over real HTTP: a Träger's staff download their e-invoices, nobody else's."""
import base64
import importlib.util
import io
import os

import pypdf
import pytest
from lxml import etree

from .conftest import Browser
from .odoo_env import ROOT

NS = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
      "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100"}


def leitweg_id(coarse, fine):
    """A valid Leitweg-ID, check digits computed by l10n_de_xrechnung's own validator."""
    spec = importlib.util.spec_from_file_location(
        "leitweg", os.path.join(ROOT, "addons", "l10n_de_xrechnung", "tools", "leitweg.py"))
    identifiers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(identifiers)
    return "%s-%s-%s" % (coarse, fine, identifiers.leitweg_check_digits(coarse, fine))


def normalized_text(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def embedded_xml(pdf):
    attachments = pypdf.PdfReader(io.BytesIO(pdf)).attachments
    assert list(attachments) == ["factur-x.xml"]
    return attachments["factur-x.xml"][0]


class Setup:
    """Stadt Lübtheen (portal users luebtheen and a colleague) and a second Träger with
    its own portal user; a validated invoice to Lübtheen, made by KSM's back office."""

    def __init__(self, server):
        self.server = server
        self.admin = Browser(server.url)
        self.admin.login("admin", "admin")
        self.portal_group = self.ref("base.group_portal")
        self.revenue = self.admin.call_kw("account.account", "search", [[
            ("user_type_id", "=", self.ref("account.data_account_type_revenue"))]],
            {"limit": 1})[0]
        self.tax_o = self.ref("l10n_de_xrechnung.tax_not_taxable_2b")
        self.luebtheen = self.ref("ksm_membership.partner_luebtheen")
        # Lübtheen as a Träger with a Leitweg-ID: the demo's, or one made here
        self.luebtheen_leitweg_id = (self.read("res.partner", self.luebtheen,
                                               ["leitweg_id"])[0]
                                     or leitweg_id("13076088", "RE"))
        self.admin.call_kw("res.partner", "write", [[self.luebtheen], {
            "ksm_is_traeger": True, "leitweg_id": self.luebtheen_leitweg_id}])
        self.portal_user("luebtheen-kaemmerei", "Kämmerei Lübtheen", self.luebtheen)
        self.other_traeger = self.company("Stadt Wittenburg (Portaltest)",
                                          leitweg_id("13076152", "RE"))
        self.portal_user("wittenburg-portal", "Wittenburg Portal", self.other_traeger)
        self.invoice = self.validated_invoice(self.luebtheen, "Serviceschein 2021 Projektleistungen")
        self.number, attachment = self.read("account.invoice", self.invoice,
                                            ["number", "xrechnung_attachment_id"])
        self.attachment = attachment[0]

    def ref(self, xmlid):
        return self.admin.call_kw("ir.model.data", "xmlid_to_res_id", [xmlid])

    def read(self, model, record_id, fields):
        values = self.admin.call_kw(model, "read", [[record_id], fields])[0]
        return [values[field] for field in fields]

    def company(self, name, routing_id=False):
        found = self.admin.call_kw("res.partner", "search", [[("name", "=", name)]])
        values = {"name": name, "is_company": True, "customer": True, "ksm_is_traeger": True,
                  "leitweg_id": routing_id, "street": "Markt 1", "zip": "19243",
                  "city": "Wittenburg", "country_id": self.ref("base.de"), "lang": "de_DE"}
        if found:
            self.admin.call_kw("res.partner", "write", [found, values])
            return found[0]
        return self.admin.call_kw("res.partner", "create", [values])

    def portal_user(self, login, name, parent_id):
        if self.admin.call_kw("res.users", "search", [[("login", "=", login)]]):
            return
        # invoices are for a Träger's finance contacts (and signatories)
        self.admin.call_kw("res.users", "create", [{
            "name": name, "login": login, "password": login, "email": "%s@example.org" % login,
            "parent_id": parent_id, "lang": "de_DE", "ksm_role_finance": True,
            "groups_id": [(6, 0, [self.portal_group])]}])

    def draft_invoice(self, partner_id, origin=False, lines=None):
        """An invoice of ``lines`` [(name, price)], by default the migration's half."""
        return self.admin.call_kw("account.invoice", "create", [{
            "partner_id": partner_id, "type": "out_invoice", "origin": origin,
            "invoice_line_ids": [(0, 0, dict({
                "name": name, "quantity": 1, "price_unit": price, "account_id": self.revenue,
                "invoice_line_tax_ids": [(6, 0, [self.tax_o])]}, **period))
                for name, price, period in (
                    [(name, price, {}) for name, price in lines] if lines else [(
                        "Migration IT-Betrieb, erste Hälfte", 26640.0,
                        {"start_date": "2021-01-01", "end_date": "2021-12-31"})])],
        }])

    def validated_invoice(self, partner_id, origin=False, lines=None):
        invoice = self.draft_invoice(partner_id, origin, lines)
        self.admin.call_kw("account.invoice", "action_invoice_open", [[invoice]])
        return invoice


@pytest.fixture(scope="module")
def setup(odoo_server):
    setup = Setup(odoo_server)
    yield setup
    setup.admin.close()


def test_traeger_user_downloads_the_xrechnung(setup, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    response = portal.get(portal.url("/my/invoices/%d/xrechnung" % setup.invoice))
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    assert "-xrechnung.xml" in response.headers["Content-Disposition"]
    tree = etree.fromstring(response.content)
    assert tree.xpath("//ram:BuyerReference/text()", namespaces=NS) == [setup.luebtheen_leitweg_id]
    assert tree.xpath("/rsm:CrossIndustryInvoice/rsm:ExchangedDocument/ram:ID/text()",
                      namespaces=NS) == [setup.number]
    assert tree.xpath("//ram:GrandTotalAmount/text()", namespaces=NS) == ["26640.00"]
    stored = setup.read("ir.attachment", setup.attachment, ["datas"])[0]
    assert response.content == base64.b64decode(stored)


def test_colleague_of_the_same_traeger_downloads_it_too(setup, browser_factory):
    colleague = browser_factory("luebtheen-kaemmerei", "luebtheen-kaemmerei")
    response = colleague.get(colleague.url("/my/invoices/%d/xrechnung" % setup.invoice))
    assert response.status_code == 200
    assert setup.luebtheen_leitweg_id.encode() in response.content


def test_invoice_page_and_list_offer_the_downloads(setup, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    page = portal.get(portal.url("/my/invoices/%d" % setup.invoice))
    assert page.status_code == 200
    assert "/my/invoices/%d/xrechnung" % setup.invoice in page.text
    assert "/my/invoices/%d/facturx" % setup.invoice in page.text
    listing = portal.get(portal.url("/my/invoices"))
    assert "/my/invoices/%d/xrechnung" % setup.invoice in listing.text
    assert "E-Rechnung" in listing.text  # the column header, in German


def test_facturx_pdf_carries_the_same_xml(setup, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    xml = portal.get(portal.url("/my/invoices/%d/xrechnung" % setup.invoice)).content
    response = portal.get(portal.url("/my/invoices/%d/facturx" % setup.invoice))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    # the XRechnung's content, declared as the EN 16931 profile the PDF names
    assert embedded_xml(response.content) == xml.replace(
        b"urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0",
        b"urn:cen.eu:en16931:2017")
    text = normalized_text(response.content)
    assert setup.number in text
    assert "26.640,00" in text
    assert "Nicht steuerbare Leistung" in text and "§ 2b UStG" in text  # the legal note


def test_other_traeger_gets_404_for_everything_of_the_invoice(setup, browser_factory):
    stranger = browser_factory("wittenburg-portal", "wittenburg-portal")
    for path in ("/my/invoices/%d/xrechnung", "/my/invoices/%d/facturx",
                 "/my/invoices/pdf/%d"):
        response = stranger.get(stranger.url(path % setup.invoice), allow_redirects=False)
        assert response.status_code == 404, path
        assert setup.luebtheen_leitweg_id not in response.text
    listing = stranger.get(stranger.url("/my/invoices"))
    assert setup.number not in listing.text
    page = stranger.get(stranger.url("/my/invoices/%d" % setup.invoice))
    assert setup.number not in page.text


def test_unknown_invoice_and_anonymous_visitor_get_404(setup, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    assert portal.get(portal.url("/my/invoices/987654/xrechnung")).status_code == 404
    anonymous = browser_factory()
    assert anonymous.get(anonymous.url("/my/invoices/%d/xrechnung" % setup.invoice)).status_code == 404


def test_access_token_of_the_invoice_mail_opens_the_xrechnung(setup, browser_factory):
    token = setup.read("account.invoice", setup.invoice, ["access_token"])[0]
    anonymous = browser_factory()
    response = anonymous.get(anonymous.url("/my/invoices/%d/xrechnung?access_token=%s"
                                           % (setup.invoice, token)))
    assert response.status_code == 200
    assert setup.luebtheen_leitweg_id.encode() in response.content
    wrong = anonymous.get(anonymous.url("/my/invoices/%d/xrechnung?access_token=%s"
                                        % (setup.invoice, token[::-1])))
    assert wrong.status_code == 404


def test_back_office_downloads_the_xrechnung(setup):
    action = setup.admin.call_kw("account.invoice", "action_download_xrechnung", [[setup.invoice]])
    response = setup.admin.get(setup.admin.url(action["url"]))
    assert response.status_code == 200
    assert setup.luebtheen_leitweg_id.encode() in response.content


def test_missing_leitweg_id_is_refused_in_german(setup):
    nameless = setup.company("Gemeinde Ohne-Leitweg (Portaltest)")
    invoice = setup.draft_invoice(nameless)
    with pytest.raises(RuntimeError) as refusal:
        setup.admin.call_kw("account.invoice", "action_invoice_open", [[invoice]])
    assert ("Leitweg-ID (BT-10) von Gemeinde Ohne-Leitweg (Portaltest) fehlt"
            in str(refusal.value))
    assert setup.read("account.invoice", invoice, ["state"]) == ["draft"]
    assert setup.admin.call_kw("ir.attachment", "search_count", [[
        ("res_model", "=", "account.invoice"), ("res_id", "=", invoice)]]) == 0


def test_buyer_who_takes_facturx_gets_the_xml_inside_the_invoice_pdf(setup, browser_factory):
    setup.admin.call_kw("res.partner", "write", [[setup.other_traeger],
                                                 {"einvoice_format": "facturx_pdf"}])
    invoice = setup.validated_invoice(setup.other_traeger)
    stranger = browser_factory("wittenburg-portal", "wittenburg-portal")
    portal_pdf = stranger.get(stranger.url("/my/invoices/pdf/%d" % invoice))
    assert portal_pdf.status_code == 200
    xml = embedded_xml(portal_pdf.content)
    assert leitweg_id("13076152", "RE").encode() in xml
    printed = setup.admin.get(setup.admin.url(
        "/report/pdf/account.report_invoice_with_payments/%d" % invoice))
    assert embedded_xml(printed.content) == xml


@pytest.mark.browser
def test_traeger_user_finds_and_downloads_the_xrechnung_in_the_browser(setup, portal_page):
    page = portal_page("luebtheen")
    page.goto(setup.server.url + "/my/invoices")
    assert page.locator("th:has-text('E-Rechnung')").count() == 1
    page.click("a[href='/my/invoices/%d']" % setup.invoice)
    page.wait_for_load_state("networkidle")
    button = page.locator(".o_einvoice_downloads a:has-text('XRechnung')")
    assert button.get_attribute("title") == "XRechnung (XML) für Ihr E-Rechnungssystem"
    with page.expect_download() as download_info:
        button.click()
    download = download_info.value
    assert download.suggested_filename.endswith("-xrechnung.xml")
    with open(download.path(), "rb") as handle:
        tree = etree.fromstring(handle.read())
    assert tree.xpath("//ram:BuyerReference/text()", namespaces=NS) == [setup.luebtheen_leitweg_id]
