"""What people do, in a real browser (Playwright driving Debian's Chromium)."""
import os

import pytest

from .conftest import ARTIFACTS

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
    os.makedirs(ARTIFACTS, exist_ok=True)
    page.screenshot(path=os.path.join(ARTIFACTS, "back-office.png"))


@pytest.fixture
def sheet_awaiting_acceptance(admin):
    """A service sheet of Lübtheen that its council has resolved (made for this journey)."""
    def xmlid(name):
        return admin.call_kw("ir.model.data", "xmlid_to_res_id", [name])
    luebtheen = xmlid("ksm_membership.partner_luebtheen")
    resolution = admin.call_kw("ksm.resolution", "search", [[("partner_id", "=", luebtheen)]],
                               {"limit": 1})[0]
    years = admin.call_kw("ksm.service.sheet", "search_read", [[
        ("partner_id", "=", luebtheen), ("scope", "=", "projects")], ["year"]])
    year = max([row["year"] for row in years] + [2040]) + 1
    sheet = admin.call_kw("ksm.service.sheet", "create", [{
        "partner_id": luebtheen, "year": year, "scope": "projects",
        "title": "Projektleistungen %d" % year, "resolution_id": resolution,
        "line_ids": [(0, 0, {"product_id": xmlid("ksm_services.svc_order_budget"),
                             "price_unit": 12345.67})]}])
    admin.call_kw("ksm.service.sheet", "action_submit", [[sheet]])
    admin.call_kw("ksm.service.sheet", "action_resolve", [[sheet]])
    return sheet


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
