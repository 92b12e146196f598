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
