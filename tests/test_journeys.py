"""What people do, in a real browser (Playwright driving Debian's Chromium).

The journeys that change data work on records made for them through the back office's
JSON-RPC (a fresh service sheet, order budget, quantity year, invoice), so the demo data
other tests rely on stays as it is. Screenshots named guide-*.png illustrate the user
guide in README.md (copied to docs/img/).
"""
import datetime
import io
import os
import re

import pypdf
import pytest
from lxml import etree

from .conftest import ARTIFACTS, this_years_order_budget

pytestmark = pytest.mark.browser


def test_portal_user_logs_in_and_sees_the_portal_in_german(portal_page):
    page = portal_page("luebtheen")
    assert page.url.endswith("/my")  # where Odoo sends portal users after login
    assert page.locator("text=Ines Becker").first.is_visible()
    assert page.locator("a:has-text('Abmelden')").count() >= 1
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "portal-home.png"), full_page=True)


def test_wrong_password_is_refused_with_a_german_message(portal_page):
    page = portal_page("luebtheen", "falsch")
    assert "/web/login" in page.url
    assert page.locator(".alert-danger").inner_text().strip() != ""


def test_back_office_web_client_starts_with_the_ksm_menu(portal_page):
    page = portal_page("admin", "admin")
    page.wait_for_selector(".o_main_navbar, .o_menu_apps, .oe_application_menu_placeholder",
                           timeout=60000)
    page.wait_for_selector("text=KSM", timeout=60000)
    # the KSM app: its side bar and its first list, the Träger
    page.click(".oe_application_menu_placeholder a:has-text('KSM')")
    page.wait_for_selector(".o_sub_menu .oe_secondary_menu_section:has-text('Betrieb')")
    page.wait_for_selector(".o_content table.o_list_view tbody tr.o_data_row")
    assert "Träger" in page.title()
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "back-office.png"))


def resolved_project_sheet(admin, order_budget, first_year):
    """A project service sheet of Lübtheen with ``order_budget`` €, resolved by its
    council, for a year from ``first_year`` on that has none yet (made for a journey)."""
    luebtheen = admin.xmlid("ksm_membership.partner_luebtheen")
    resolution = admin.call_kw("ksm.resolution", "search", [[("partner_id", "=", luebtheen)]],
                               {"limit": 1})[0]
    years = admin.call_kw("ksm.service.sheet", "search_read", [[
        ("partner_id", "=", luebtheen), ("scope", "=", "projects")], ["year"]])
    year = max([row["year"] for row in years] + [first_year - 1]) + 1
    sheet = admin.call_kw("ksm.service.sheet", "create", [{
        "partner_id": luebtheen, "year": year, "scope": "projects",
        "title": "Projektleistungen %d" % year, "resolution_id": resolution,
        "line_ids": [(0, 0, {"product_id": admin.xmlid("ksm_services.svc_order_budget"),
                             "price_unit": order_budget})]}])
    admin.call_kw("ksm.service.sheet", "action_submit", [[sheet]])
    admin.call_kw("ksm.service.sheet", "action_resolve", [[sheet]])
    return sheet


@pytest.fixture
def sheet_awaiting_acceptance(admin):
    """A service sheet of Lübtheen that its council has resolved (made for this journey)."""
    return resolved_project_sheet(admin, 12345.67, 2041)


def test_signatory_accepts_a_service_sheet(portal_page, sheet_awaiting_acceptance, admin):
    page = portal_page("luebtheen")
    page.click("ul.o_portal_docs >> text=Servicescheine")  # the list, not the home cards
    page.wait_for_load_state("load")
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-service-sheets.png"), full_page=True)
    page.click("a[href='/my/service-sheets/%d']" % sheet_awaiting_acceptance)
    page.wait_for_load_state("load")
    assert "12.345,67" in page.content()
    page.check("input[name=confirm]")
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-accept-sheet.png"), full_page=True)
    page.click("form#accept button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator(".alert-success").count() == 1
    state = admin.call_kw("ksm.service.sheet", "read", [[sheet_awaiting_acceptance],
                                                         ["state", "signed_by_name"]])[0]
    assert state["state"] == "signed" and state["signed_by_name"] == "Ines Becker"


def test_traeger_user_reads_the_membership(portal_page):
    page = portal_page("luebtheen")
    page.click("ul.o_portal_docs >> text=Trägerschaft")
    page.wait_for_load_state("load")
    text = page.inner_text("body")
    assert "Stadt Lübtheen" in text and "01.01.2021" in text and "500,00" in text
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-membership.png"), full_page=True)


def test_school_staff_sees_their_school(portal_page):
    page = portal_page("schule-luebtheen")
    page.click("ul.o_portal_docs >> text=Meine Schulen")
    page.wait_for_load_state("load")
    page.locator("table a, .list-group a").first.click()
    page.wait_for_load_state("load")
    assert "Ersatz fällig" in page.inner_text("body")
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-school.png"), full_page=True)


def test_finance_user_opens_the_quantity_report_form(portal_page):
    page = portal_page("luebtheen")
    page.click("ul.o_portal_docs >> text=Mengenmeldungen")
    page.wait_for_load_state("load")
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-quantities.png"), full_page=True)
    assert "Mengenmeldungen" in page.inner_text("body")


# the namespaces of an XRechnung in the CII syntax
CII = {"rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
       "ram": "urn:un:unece:uncefact:data:standard:"
              "ReusableAggregateBusinessInformationEntity:100"}


# --------------------------------------------------------------------------- helpers
def _guide_screenshot(page, name):
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "guide-%s.png" % name), full_page=True)


def _visible_text(locator):
    """A text as a reader sees it: whitespace (no-break spaces too) normalised."""
    return " ".join(locator.inner_text().replace("\xa0", " ").split())


def _german_amount(amount):
    """1234.5 -> '1.234,50 €'."""
    return "{:,.2f} €".format(amount).replace(",", "X").replace(".", ",").replace("X", ".")


# --------------------------------------------------------------------------- order calls
@pytest.fixture
def open_order_budget(admin):
    """Lübtheen's order budget of this year (calls are requested in their budget's
    year): a project service sheet with 25.000,00 € order budget, signed."""
    return this_years_order_budget(admin, admin.xmlid("ksm_membership.partner_luebtheen"))


def test_staff_requests_an_order_call_and_the_signatory_approves_it(
        portal_page, open_order_budget, admin):
    description = "Lizenzen Ratsinformationssystem"  # the budget is new: one such call
    page = portal_page("luebtheen-it")
    page.click("ul.o_portal_docs a[href='/my/order-budgets']")
    page.wait_for_load_state("load")
    _guide_screenshot(page, "order-budgets")
    page.click("a[href='/my/order-budgets/%d']" % open_order_budget)
    page.wait_for_load_state("load")
    page.click("a.o_ksm_request_call")
    page.wait_for_selector("form.o_ksm_call_form")
    page.fill("#description", description)
    page.fill("#amount", "1.234,50")
    page.fill("#note", "Erweiterung um fünf Arbeitsplätze im Ratsbüro.")
    _guide_screenshot(page, "request-call")
    page.click("form.o_ksm_call_form button[type=submit]")
    page.wait_for_selector(".o_ksm_calls")
    assert page.locator(".alert-success").count() == 1
    row = page.locator(".o_ksm_calls tr", has_text=description)
    row_text = _visible_text(row)
    assert "1.234,50 €" in row_text and "Beantragt" in row_text, row_text
    # IT staff cannot approve: the row says who does
    assert "Wartet auf die Genehmigung Ihrer zeichnungsberechtigten Person" in row_text
    assert row.locator("form.o_ksm_approve_call").count() == 0
    [call] = admin.call_kw("ksm.order.call", "search_read", [[
        ("budget_id", "=", open_order_budget), ("name", "=", description)]],
        {"fields": ["state", "amount", "requested_by_id"]})
    assert call["state"] == "requested" and call["amount"] == 1234.5
    assert call["requested_by_id"][1].endswith("Martin Schröder")

    mayor = portal_page("luebtheen")
    mayor.goto(page.url.split("/my/")[0] + "/my/order-budgets/%d" % open_order_budget)
    mayor.wait_for_selector(".o_ksm_calls")
    _guide_screenshot(mayor, "approve-call")
    mayor.click(".o_ksm_calls tr[data-call-id='%d'] form.o_ksm_approve_call button" % call["id"])
    mayor.wait_for_selector(".o_ksm_calls")
    assert mayor.locator(".alert-success").count() == 1
    row_text = _visible_text(mayor.locator(".o_ksm_calls tr[data-call-id='%d']" % call["id"]))
    assert "Genehmigt" in row_text and "Ines Becker" in row_text, row_text
    approved = admin.call_kw("ksm.order.call", "read", [[call["id"]], ["state",
                                                                       "approved_by_id"]])[0]
    assert approved["state"] == "approved"
    assert approved["approved_by_id"][1].endswith("Ines Becker")


# --------------------------------------------------------------------------- quantities
@pytest.fixture
def quantity_year(admin):
    """Last year, which the quantity list offers to report; no reports of Lübtheen for it
    before or after the journey."""
    luebtheen = admin.xmlid("ksm_membership.partner_luebtheen")
    year = datetime.date.today().year - 1

    def clear():
        reports = admin.call_kw("ksm.quantity.report", "search", [[
            ("partner_id", "=", luebtheen), ("year", "=", year)]])
        if reports:
            admin.call_kw("ksm.quantity.report", "unlink", [reports])
    clear()
    yield year
    clear()


def test_finance_reports_quantities_and_a_bad_value_saves_nothing(portal_page, quantity_year,
                                                                   admin):
    luebtheen = admin.xmlid("ksm_membership.partner_luebtheen")
    keys = admin.call_kw("ksm.allocation.key", "search_read", [[]], {"fields": ["code"]})
    page = portal_page("luebtheen-kaemmerei")
    page.click("ul.o_portal_docs a[href='/my/quantities']")
    page.wait_for_load_state("load")
    page.click("a[href='/my/quantities/%d']" % quantity_year)
    page.wait_for_load_state("load")
    good = {"ITAP": 48, "BENU": 61, "SRV": 6, "SCHULE": 2, "FVL": 35, "DMS": 12}
    for key in keys:
        page.fill("#quantity_%d" % key["id"], str(good.get(key["code"], 1)))
    first = "#quantity_%d" % keys[0]["id"]
    page.fill(first, "-3")
    # the browser already refuses a negative number; the server must refuse it too
    assert page.eval_on_selector(first, "input => !input.validity.valid")
    page.eval_on_selector("form[action='/my/quantities/%d']" % quantity_year,
                          "form => { form.noValidate = true; }")
    page.click("button[name=submit]")
    page.wait_for_selector(".alert-danger")
    text = _visible_text(page.locator("body"))
    assert "Nichts wurde gespeichert" in text or "Es wurde nichts gespeichert" in text, text
    assert "Die Menge darf nicht negativ sein." in text
    _guide_screenshot(page, "quantities-error")
    assert admin.call_kw("ksm.quantity.report", "search_count", [[
        ("partner_id", "=", luebtheen), ("year", "=", quantity_year)]]) == 0

    page.fill(first, str(good.get(keys[0]["code"], 1)))
    page.click("button[name=submit]")
    page.wait_for_selector(".alert-success")
    assert "submitted=1" in page.url
    _guide_screenshot(page, "quantities-submitted")
    reports = admin.call_kw("ksm.quantity.report", "search_read", [[
        ("partner_id", "=", luebtheen), ("year", "=", quantity_year)]],
        {"fields": ["key_id", "quantity", "state"]})
    by_key = {key["id"]: good.get(key["code"], 1) for key in keys}
    assert {r["key_id"][0]: r["quantity"] for r in reports} == by_key
    assert {r["state"] for r in reports} == {"submitted"}


# --------------------------------------------------------------------------- tickets
def test_staff_opens_a_ticket_with_an_attachment_and_answers_it(portal_page, admin, tmp_path):
    title = "Scanner im Bürgerbüro meldet Fehler E-203"
    screenshot = tmp_path / "fehlermeldung.txt"
    screenshot.write_text("Fehler E-203: Papierstau im Einzug\n", encoding="utf-8")
    page = portal_page("luebtheen-it")
    page.click("a[href='/new/ticket']")
    page.wait_for_selector("form.o_ksm_ticket_form")
    page.fill("#subject", title)
    service_name = "IT-Arbeitsplatz Verwaltung"
    page.select_option("#service_id", label=service_name)
    service = page.eval_on_selector("#service_id", "select => select.value")
    page.fill("#description", "Seit heute früh bricht jeder Scan mit E-203 ab.")
    page.set_input_files("#attachment", str(screenshot))
    _guide_screenshot(page, "new-ticket")
    page.click("form.o_ksm_ticket_form button[type=submit]")
    page.wait_for_selector(".o_portal_chatter, .alert-success")
    assert page.locator(".alert-success").count() == 1
    body = _visible_text(page.locator("body"))
    assert title in body and service_name in body and "fehlermeldung.txt" in body
    ticket_id = int(re.search(r"/my/ticket/(\d+)", page.url).group(1))

    page.goto(page.url.split("/my/")[0] + "/my")
    page.click("ul.o_portal_docs a[href='/my/tickets']")
    page.wait_for_load_state("load")
    listed = page.locator("tr", has=page.locator("a[href^='/my/ticket/%d']" % ticket_id))
    assert title in _visible_text(listed)
    page.click("a[href^='/my/ticket/%d']" % ticket_id)
    page.wait_for_selector(".o_portal_chatter_composer textarea[name=message]")
    page.fill(".o_portal_chatter_composer textarea[name=message]",
              "Nachtrag: Der zweite Scanner im Standesamt ist auch betroffen.")
    page.click(".o_portal_chatter_composer button[type=submit]")
    page.wait_for_selector(".o_portal_chatter_message:has-text('Standesamt')")
    posted = page.inner_text(".o_portal_chatter_message:has-text('Standesamt')")
    assert re.search(r"Am \d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d veröffentlicht", posted), posted
    _guide_screenshot(page, "ticket")
    ticket = admin.call_kw("helpdesk.ticket", "read", [[ticket_id], [
        "name", "ksm_service_id", "attachment_ids", "message_ids"]])[0]
    assert ticket["name"] == title and ticket["ksm_service_id"][0] == int(service)
    attachments = admin.call_kw("ir.attachment", "read", [ticket["attachment_ids"],
                                                          ["datas_fname"]])
    assert [a["datas_fname"] for a in attachments] == ["fehlermeldung.txt"]
    bodies = [m["body"] for m in admin.call_kw("mail.message", "read", [
        ticket["message_ids"], ["body"]])]
    assert any("Standesamt" in body for body in bodies)


# --------------------------------------------------------------------------- invoices
@pytest.fixture
def open_invoice(admin):
    """A validated invoice to Lübtheen (validation attaches its XRechnung)."""
    luebtheen = admin.xmlid("ksm_membership.partner_luebtheen")
    account = admin.call_kw("account.account", "search", [[("internal_type", "=", "other")]],
                            {"limit": 1})[0]
    invoice = admin.call_kw("account.invoice", "create", [{
        "partner_id": luebtheen, "type": "out_invoice",
        "invoice_line_ids": [(0, 0, {"name": "Fachverfahrensbetreuung Einwohnermeldewesen",
                                     "quantity": 12, "price_unit": 1110.0,
                                     "account_id": account})]}])
    admin.call_kw("account.invoice", "action_invoice_open", [[invoice]])
    return invoice


def test_finance_downloads_an_invoice_pdf_and_its_xrechnung(portal_page, open_invoice, admin):
    invoice = admin.call_kw("account.invoice", "read", [[open_invoice], [
        "number", "amount_total"]])[0]
    page = portal_page("luebtheen-kaemmerei")
    page.click("ul.o_portal_docs a[href='/my/invoices']")
    page.wait_for_load_state("load")
    _guide_screenshot(page, "invoices")
    page.click("a[href^='/my/invoices/%d']:not([href*='xrechnung'])" % open_invoice)
    page.wait_for_load_state("load")
    shown = _visible_text(page.locator("body"))
    total = _german_amount(invoice["amount_total"])
    assert invoice["number"] in shown and total in shown, (invoice, shown[:2000])
    _guide_screenshot(page, "invoice")

    # the PDF link opens Chromium's PDF viewer in a new tab; the test fetches what the link
    # delivers with the browser's own session instead
    pdf_link = page.locator("#o_portal_account_actions a[href^='/my/invoices/pdf/%d']"
                            % open_invoice)
    assert pdf_link.count() == 1
    response = page.request.get(page.url.split("/my/")[0] + pdf_link.get_attribute("href"))
    assert response.ok and response.headers["content-type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.body()))
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).replace("\xa0", " ").split())
    assert "Stadt Lübtheen" in pdf_text and invoice["number"] in pdf_text
    assert total.replace(" €", "") in pdf_text, pdf_text

    with page.expect_download() as xml_download:
        page.click(".o_einvoice_downloads a[href*='/xrechnung']")
    assert xml_download.value.suggested_filename.endswith(".xml")
    xml = etree.parse(xml_download.value.path())
    assert xml.findtext("rsm:ExchangedDocument/ram:ID", namespaces=CII) == invoice["number"]
    grand_total = xml.findtext(".//ram:SpecifiedTradeSettlementHeaderMonetarySummation/"
                               "ram:GrandTotalAmount", namespaces=CII)
    assert float(grand_total) == invoice["amount_total"]
    assert _german_amount(float(grand_total)) == total
