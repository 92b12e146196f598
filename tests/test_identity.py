"""KSM speaks as KSM: the back office, the login page, the portal and the mails name KSM
and its contact, never Odoo; the administrator is a KSM employee; business refusals open
as notices in German (real server, Chromium through Playwright, the demo data)."""
import re

import pytest
import requests

from .conftest import text_of

GERMAN = {"Accept-Language": "de-DE,de;q=0.9"}


def title_of(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


@pytest.fixture(scope="module")
def company(backoffice):
    return backoffice.call_kw("res.company", "read", [
        [backoffice.xmlid("base.main_company")],
        ["name", "street", "zip", "city", "phone", "email", "partner_id"]])[0]


def test_login_page_is_ksms_with_its_legal_links(odoo_server, company):
    page = requests.get(odoo_server.url + "/web/login", headers=GERMAN).text
    assert title_of(page) == company["name"]
    assert "odoo.com" not in page and "Powered by" not in page
    assert 'href="/impressum"' in page and 'href="/datenschutz"' in page
    assert "Impressum" in text_of(page) and "Datenschutz" in text_of(page)


def test_impressum_and_datenschutz_name_ksm_and_its_contact(odoo_server, company):
    imprint = requests.get(odoo_server.url + "/impressum", headers=GERMAN)
    assert imprint.status_code == 200
    text = text_of(imprint.text)
    assert title_of(imprint.text) == "Impressum"
    for part in (company["name"], company["street"], "%s %s" % (company["zip"], company["city"]),
                 "Telefon " + company["phone"], company["email"], "Vertreten durch",
                 "Aufsichtsbehörde"):
        assert part in text, part
    privacy = requests.get(odoo_server.url + "/datenschutz", headers=GERMAN)
    assert privacy.status_code == 200
    assert title_of(privacy.text) == "Datenschutz"
    assert "Verantwortlicher" in text_of(privacy.text) and company["name"] in text_of(
        privacy.text)


def test_portal_pages_are_titled_with_ksm_and_end_with_its_contact(browser_factory, company):
    portal = browser_factory("luebtheen")
    for path in ("/my", "/my/tickets", "/new/ticket", "/my/service-sheets"):
        page = portal.get(portal.url(path)).text
        assert "Odoo" not in title_of(page), path
        footer = text_of(page[page.index('class="container mt32 mb16 o_legal_footer"'):])
        assert company["name"] in footer and company["phone"] in footer, path
        assert company["email"] in footer and "Impressum" in footer, path
        assert 'href="/impressum"' in page and 'href="/datenschutz"' in page, path


def test_the_administrator_is_a_ksm_employee(backoffice, company):
    admin = backoffice.call_kw("res.users", "read", [
        [backoffice.xmlid("base.user_root")], ["name", "email", "signature", "partner_id"]])[0]
    assert admin["name"] not in ("Administrator", "Mitchell Admin")
    assert admin["email"].endswith("@ksm-mv.de")
    assert admin["name"] in admin["signature"] and company["name"] in admin["signature"]
    partner = backoffice.call_kw("res.partner", "read", [
        [admin["partner_id"][0]], ["parent_id", "display_name"]])[0]
    assert partner["parent_id"][0] == company["partner_id"][0]
    assert partner["display_name"] == "%s, %s" % (company["name"], admin["name"])
    employees = backoffice.call_kw("hr.employee", "search_read", [
        [("user_id", "=", backoffice.xmlid("base.user_root"))], ["name", "address_id"]])
    assert [(e["name"], e["address_id"][0]) for e in employees] == [
        (admin["name"], company["partner_id"][0])]


def test_replies_are_signed_as_ksm(backoffice, company):
    ticket = backoffice.xmlid("ksm_helpdesk.ticket_luebtheen_anmeldung_langsam")
    reporter = backoffice.call_kw("helpdesk.ticket", "read", [[ticket], ["partner_id"]])[0]
    message = backoffice.call_kw("helpdesk.ticket", "message_post", [[ticket]], {
        "body": "Guten Tag, die Anmeldeskripte sind korrigiert.",
        "message_type": "comment", "subtype": "mail.mt_comment",
        "partner_ids": [reporter["partner_id"][0]]})
    mails = backoffice.call_kw("mail.mail", "search_read", [
        [("mail_message_id", "=", message)], ["body_html", "email_from"]])
    assert mails, "the reply was mailed to nobody"
    admin = backoffice.call_kw("res.users", "read", [[backoffice.xmlid("base.user_root")],
                                                     ["name", "email"]])[0]
    for mail in mails:
        body = text_of(mail["body_html"])
        assert admin["name"] in body and company["name"] in body
        assert "Odoo" not in body and "YourCompany" not in body and "Administrator" not in body
        assert admin["email"] in mail["email_from"]


def test_back_office_window_is_titled_with_ksm(backoffice, backoffice_page, odoo_server,
                                               company):
    backoffice_page.goto(odoo_server.url + "/web#action=%d" % backoffice.xmlid(
        "ksm_helpdesk.action_helpdesk_ticket"))
    backoffice_page.wait_for_function("document.title.startsWith('Tickets')")
    assert backoffice_page.title() == "Tickets - %s" % company["name"]
    sidebar = backoffice_page.inner_text(".o_sub_menu")
    assert "Odoo" not in sidebar
    untitled = backoffice_page.evaluate(
        "() => new (odoo.__DEBUG__.services['web.Dialog'])(null, {}).title")
    assert untitled == company["name"]


REFUSE = """([model, method, args]) => {
    odoo.__DEBUG__.services['web.rpc'].query({model: model, method: method, args: args});
}"""


@pytest.mark.parametrize("kind", ["UserError", "ValidationError"])
def test_business_refusals_open_as_notices_not_as_server_errors(backoffice, backoffice_page,
                                                                odoo_server, kind):
    if kind == "UserError":  # an open invoice cannot be deleted
        invoice = backoffice.call_kw("account.invoice", "search", [[("state", "=", "open")]],
                                     {"limit": 1})
        assert invoice
        call = ["account.invoice", "unlink", [invoice]]
        title, text = "Hinweis", "Rechnung"
    else:  # a Leitweg-ID with wrong check digits
        call = ["res.partner", "create", [{"name": "Gemeinde Falsch", "is_company": True,
                                           "leitweg_id": "13076088-AB-00"}]]
        title = "Bitte Eingaben prüfen"
        text = "Die Leitweg-ID 13076088-AB-00 von Gemeinde Falsch ist ungültig"
    backoffice_page.goto(odoo_server.url + "/web#action=%d" % backoffice.xmlid(
        "ksm_helpdesk.action_helpdesk_ticket"))
    backoffice_page.wait_for_selector(".o_content .o_list_view")
    backoffice_page.evaluate(REFUSE, call)
    dialog = backoffice_page.wait_for_selector(".modal-dialog:has(.o_dialog_warning)")
    assert dialog.query_selector(".modal-title").inner_text().strip() == title
    assert text in dialog.inner_text()
    assert "Odoo" not in dialog.inner_text() and not dialog.query_selector(".o_error_detail")
    dialog.query_selector(".modal-footer button").click()
    assert not backoffice.call_kw("res.partner", "search", [[("name", "=", "Gemeinde Falsch")]],
                                  {"context": {"active_test": False}})
