"""The attacks of issue #14 on the server, the login and the uploads, tried over real HTTP
against the test server; each must fail to get through.

- active uploads (HTML, SVG) are refused by the portal form; stored by another route,
  they are served as a download, never inline;
- every page carries the security headers, the session cookie its flags, and the web
  client and the portal run under the Content-Security-Policy without violations;
- no database manager, and the formerly committed master password opens nothing;
- guessing passwords (web form, XML-RPC) locks the login, per address and per login,
  behind the proxy too, with a German reason; weak passwords are refused; the session id
  changes at login;
- redirects lead only to this server's own paths; /my/account writes only on POST.
"""
import base64
import itertools
import time
import xmlrpc.client
from urllib.parse import urlparse

import pytest
import requests

from .conftest import Browser, OdooServer, csrf_token_in, portal_user, post_ticket, text_of

HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(document.domain)"/>'
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
FOREIGN = ["https://evil.example/steal", "//evil.example/steal", "/\\evil.example/steal",
           "javascript:alert(1)", "http:evil.example", " https://evil.example/"]
STRONG_PASSWORD = "Sicheres-Passwort-2026"
_serial = itertools.count()


def unique(prefix):
    return "%s-%d-%d" % (prefix, int(time.time()), next(_serial))


@pytest.fixture(scope="module")
def proxy_server(odoo_db):
    """A second server on the test database in proxy mode (as behind nginx): the client
    address and scheme come from X-Forwarded-For / -Proto."""
    server = OdooServer(odoo_db, ["--workers=0", "--max-cron-threads=0", "--proxy-mode"],
                        name="websec-proxy")
    yield server
    server.stop()


def forwarded(address, proto="http"):
    return {"X-Forwarded-For": address, "X-Forwarded-Host": "ksm.example.org",
            "X-Forwarded-Proto": proto}


def new_user(admin, prefix, password=STRONG_PASSWORD, portal=True):
    login = unique(prefix)
    groups = [admin.xmlid("base.group_portal" if portal else "base.group_user")]
    admin.call_kw("res.users", "create", [{
        "name": login, "login": login, "password": password, "lang": "de_DE",
        "groups_id": [(6, 0, groups)]}], {"context": {"no_reset_password": True}})
    return login


def form_login(session, login, password, headers=None):
    """POST the login form; the answer (a redirecting page, or the form with an error)."""
    page = session.get(session.url("/web/login"), headers=headers)
    return session.post(session.url("/web/login"), headers=headers, data={
        "login": login, "password": password, "csrf_token": csrf_token_in(page),
        "db": session.db}, allow_redirects=False)


def logged_in(session, headers=None):
    response = session.post(session.url("/web/session/get_session_info"), headers=headers,
                            json={"jsonrpc": "2.0", "method": "call", "params": {}})
    # Odoo answers a session without a user with a "session expired" error
    return response.json().get("result", {}).get("uid")


def xmlrpc_authenticate(server, login, password, headers=None):
    body = xmlrpc.client.dumps((server.dbname, login, password, {}), "authenticate")
    response = requests.post(server.url + "/xmlrpc/2/common", data=body, headers=dict(
        headers or {}, **{"Content-Type": "text/xml"}))
    return xmlrpc.client.loads(response.content)[0][0]


# --------------------------------------------------------------------------- uploads
def ticket_count(admin):
    return admin.call_kw("helpdesk.ticket", "search_count", [[]])


@pytest.mark.parametrize("filename, data", [("rechnung.pdf", HTML), ("seite.html", HTML),
                                            ("logo.svg", SVG), ("bild.png", SVG)])
def test_active_upload_is_refused_by_the_ticket_form(browser_factory, admin, filename, data):
    portal = browser_factory("luebtheen")
    before = ticket_count(admin)
    response = post_ticket(portal, subject="Aktiver Inhalt", description="Test",
                           files=[("attachment", (filename, data, "application/pdf"))])
    assert response.status_code == 400
    text = text_of(response.text)
    assert "kann nicht hochgeladen werden" in text and "Erlaubt sind" in text, text[:500]
    assert ticket_count(admin) == before


def test_allowed_upload_is_stored_with_the_type_of_its_content(browser_factory, admin):
    portal = browser_factory("luebtheen")
    subject = unique("Scan")
    response = post_ticket(portal, subject=subject, description="Ein Scan",
                           files=[("attachment", ("scan.txt", PDF, "text/html"))])
    assert response.status_code in (302, 303), text_of(response.text)[:300]
    ticket = admin.call_kw("helpdesk.ticket", "search", [[("name", "=", subject)]])
    attachments = admin.call_kw("ir.attachment", "search_read", [[
        ("res_model", "=", "helpdesk.ticket"), ("res_id", "in", ticket)]], {
        "fields": ["mimetype"]})
    assert [a["mimetype"] for a in attachments] == ["application/pdf"]


@pytest.mark.parametrize("data, mimetype", [(HTML, "text/html"), (SVG, "image/svg+xml")])
def test_active_content_stored_elsewhere_is_served_as_download(admin, data, mimetype):
    """Stored by an administrator (Odoo keeps HTML for admins) or any sudo() route."""
    attachment = admin.call_kw("ir.attachment", "create", [{
        "name": "aktiv", "datas_fname": "aktiv", "datas": base64.b64encode(data).decode(),
        "mimetype": mimetype}])
    assert admin.call_kw("ir.attachment", "read", [[attachment], ["mimetype"]])[0][
        "mimetype"] == mimetype
    for path in ("/web/content/%d" % attachment, "/web/image/%d" % attachment,
                 "/web/content/%d?download=false&mimetype=%s" % (attachment, mimetype)):
        response = admin.get(admin.url(path))
        assert response.status_code == 200, path
        assert response.headers["Content-Type"] == "application/octet-stream", path
        assert response.headers["Content-Disposition"].startswith("attachment"), path
        assert "sandbox" in response.headers["Content-Security-Policy"], path
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_portal_user_cannot_store_html_over_json_rpc(browser_factory):
    portal = browser_factory("luebtheen")
    with pytest.raises(RuntimeError, match="kann nicht hochgeladen werden"):
        portal.call_kw("ir.attachment", "create", [{
            "name": "x.pdf", "datas_fname": "x.pdf",
            "datas": base64.b64encode(HTML).decode(), "mimetype": "application/pdf"}])


# --------------------------------------------------------------------------- headers
def assert_security_headers(response):
    headers = response.headers
    policy = headers.get("Content-Security-Policy", "")
    assert "frame-ancestors 'self'" in policy and "default-src 'self'" in policy, policy
    assert "object-src 'none'" in policy
    assert headers.get("X-Content-Type-Options") == "nosniff"
    assert headers.get("X-Frame-Options") in ("SAMEORIGIN", "DENY")
    assert headers.get("Referrer-Policy") == "strict-origin-when-cross-origin"


def test_security_headers_on_login_portal_and_web_client(browser_factory, admin):
    anonymous = browser_factory()
    assert_security_headers(anonymous.get(anonymous.url("/web/login")))
    assert_security_headers(anonymous.get(anonymous.url("/no/such/page")))
    portal = browser_factory("luebtheen")
    assert_security_headers(portal.get(portal.url("/my")))
    assert_security_headers(portal.get(portal.url("/my/tickets")))
    response = admin.get(admin.url("/web"))
    assert response.status_code == 200
    assert_security_headers(response)


def session_cookie(response):
    cookies = [value for value in response.raw.headers.getlist("Set-Cookie")
               if value.startswith("session_id=")]
    assert cookies, "no session cookie in %s" % response.url
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite(odoo_server):
    cookie = session_cookie(requests.get(odoo_server.url + "/web/login"))
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie
    assert "Secure" not in cookie  # plain HTTP: a Secure cookie would never come back


def test_session_cookie_is_secure_behind_tls_proxy(proxy_server):
    cookie = session_cookie(requests.get(proxy_server.url + "/web/login",
                                         headers=forwarded("198.51.100.1", "https")))
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie, cookie


def test_web_client_and_portal_run_under_the_policy(chromium, odoo_server):
    """No Content-Security-Policy violation while the back office and the portal load."""
    context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
    context.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")
    console = []
    try:
        page = context.new_page()
        page.on("console", lambda message: console.append(message.text))
        violations = []
        for login, path, ready in (("admin", "/web", ".o_main_content"),
                                   ("luebtheen", "/my", "text=Abmelden")):
            context.clear_cookies()
            page.goto(odoo_server.url + "/web/login")
            page.fill("input[name=login]", login)
            page.fill("input[name=password]", login)
            page.click("button[type=submit]")
            page.wait_for_function("!location.pathname.startsWith('/web/login')")
            page.goto(odoo_server.url + path)
            page.wait_for_selector(ready, state="attached", timeout=60000)
            page.wait_for_timeout(3000)  # the web client polls: never "network idle"
            violations += page.evaluate("window.__csp")
        violations += [text for text in console if "Content Security Policy" in text]
        assert not violations, violations
    finally:
        context.close()


# --------------------------------------------------------------------------- server
@pytest.mark.parametrize("method, path", [
    ("get", "/web/database/manager"), ("get", "/web/database/selector"),
    ("post", "/web/database/backup"), ("post", "/web/database/drop"),
    ("post", "/web/database/create"), ("post", "/web/database/restore"),
    ("post", "/web/database/change_password"), ("post", "/web/database/duplicate")])
def test_database_manager_answers_404(browser_factory, method, path):
    for session in (browser_factory(), browser_factory("admin", "admin")):
        response = getattr(session, method)(session.url(path), data={
            "master_pwd": "ksm-admin", "name": session.db, "backup_format": "zip"},
            allow_redirects=False)
        assert response.status_code == 404, path


def test_database_list_answers_404(browser_factory):
    anonymous = browser_factory()
    response = anonymous.post(anonymous.url("/web/database/list"), json={
        "jsonrpc": "2.0", "method": "call", "params": {}})
    assert response.status_code == 404


def test_old_master_password_opens_nothing_over_xmlrpc(odoo_server):
    db = xmlrpc.client.ServerProxy(odoo_server.url + "/xmlrpc/2/db")
    for password in ("ksm-admin", "admin", ""):
        for call in (lambda: db.dump(password, odoo_server.dbname, "zip"),
                     lambda: db.drop(password, "ksm_websec_no_such_db"),
                     lambda: db.duplicate_database(password, odoo_server.dbname,
                                                   "ksm_websec_copy"),
                     lambda: db.change_admin_password(password, "neu")):
            with pytest.raises(xmlrpc.client.Fault, match="(?i)access ?denied"):
                call()
    with pytest.raises(xmlrpc.client.Fault):
        db.list()


# --------------------------------------------------------------------------- login
def test_session_id_changes_at_login(odoo_server):
    session = Browser(odoo_server.url)
    session.get(session.url("/web/login"))
    planted = session.cookies["session_id"]
    session.login("luebtheen", "luebtheen")
    assert session.cookies["session_id"] != planted
    stale = Browser(odoo_server.url)
    stale.cookies.set("session_id", planted)
    assert not logged_in(stale)
    assert logged_in(session)


def test_session_id_changes_at_json_rpc_login(odoo_server):
    session = Browser(odoo_server.url)
    session.get(session.url("/web/login"))
    planted = session.cookies["session_id"]
    result = session.json_rpc("/web/session/authenticate", {
        "db": session.db, "login": "luebtheen", "password": "luebtheen"})["result"]
    assert result["uid"]
    assert session.cookies["session_id"] != planted
    assert result["session_id"] == session.cookies["session_id"]


def test_password_guessing_locks_the_login_with_a_german_reason(proxy_server, admin):
    login = new_user(admin, "websec-lock")
    session = Browser(proxy_server.url)
    address = forwarded("198.51.100.20")
    for _attempt in range(40):
        response = form_login(session, login, "geraten", address)
        assert response.status_code == 200
    # the right password now: refused, and the page says why
    text = text_of(form_login(session, login, STRONG_PASSWORD, address).text)
    assert "gesperrt" in text and "Zu viele fehlgeschlagene Anmeldungen" in text, text[-400:]
    assert not logged_in(session, address)
    # the same over XML-RPC from that address
    assert not xmlrpc_authenticate(proxy_server, login, STRONG_PASSWORD, address)


def test_a_wrong_password_is_named_in_german(proxy_server, admin):
    login = new_user(admin, "websec-wrong")
    session = Browser(proxy_server.url)
    text = text_of(form_login(session, login, "falsch", forwarded("198.51.100.30")).text)
    assert "Anmeldename oder Passwort falsch" in text, text[-400:]


def test_xmlrpc_guessing_is_limited_per_address(proxy_server, admin):
    login = new_user(admin, "websec-rpc")
    address = forwarded("203.0.113.9")
    for _attempt in range(10):
        assert xmlrpc_authenticate(proxy_server, login, "geraten", address) is False
    assert xmlrpc_authenticate(proxy_server, login, STRONG_PASSWORD, address) is False
    # another address (behind the proxy: the forwarded one counts) still gets in
    assert xmlrpc_authenticate(proxy_server, login, STRONG_PASSWORD,
                               forwarded("203.0.113.10"))


def test_guessing_from_many_addresses_locks_the_login(proxy_server, admin):
    login = new_user(admin, "websec-spread")
    for number in range(20):
        assert xmlrpc_authenticate(proxy_server, login, "geraten",
                                   forwarded("192.0.2.%d" % (number + 1))) is False
    assert xmlrpc_authenticate(proxy_server, login, STRONG_PASSWORD,
                               forwarded("192.0.2.200")) is False


def test_no_address_is_sent_to_a_geo_ip_service(admin):
    attempts = admin.call_kw("res.authentication.attempt", "search_read", [[]], {
        "fields": ["remote", "remote_metadata"], "limit": 3, "context": {"lang": "de_DE"}})
    assert attempts
    for attempt in attempts:
        assert "an keinen externen Dienst" in attempt["remote_metadata"]


def test_weak_passwords_are_refused(odoo_server, admin):
    login = new_user(admin, "websec-weak")
    user = admin.call_kw("res.users", "search", [[("login", "=", login)]])
    for weak in ("a", "kurz", "nurkleinbuchstaben", "OhneZiffernLang"):
        with pytest.raises(RuntimeError, match="Muss das Folgende beinhalten"):
            admin.call_kw("res.users", "write", [user, {"password": weak}],
                          {"context": {"lang": "de_DE"}})
    session = Browser(odoo_server.url)
    session.login(login, STRONG_PASSWORD)
    refused = session.json_rpc("/web/session/change_password", {"fields": [
        {"name": "old_pwd", "value": STRONG_PASSWORD}, {"name": "new_password", "value": "x"},
        {"name": "confirm_pwd", "value": "x"}]})
    assert "error" in refused
    changed = session.json_rpc("/web/session/change_password", {"fields": [
        {"name": "old_pwd", "value": STRONG_PASSWORD},
        {"name": "new_password", "value": "Anderes-Passwort-77"},
        {"name": "confirm_pwd", "value": "Anderes-Passwort-77"}]})
    assert changed.get("result", {}).get("new_password"), changed
    # an earlier password again: refused (history)
    with pytest.raises(RuntimeError):
        admin.call_kw("res.users", "write", [user, {"password": STRONG_PASSWORD}])


# --------------------------------------------------------------------------- redirects
def assert_local(response, base_url):
    """A redirect (or script redirect) of ``response`` stays on ``base_url``'s host."""
    location = response.headers.get("Location", "")
    target = urlparse(location)
    assert target.netloc in ("", urlparse(base_url).netloc), location
    assert "evil.example" not in location and "javascript" not in location, location
    assert "evil.example" not in response.text


@pytest.mark.parametrize("target", FOREIGN)
def test_logout_and_login_redirect_only_to_own_paths(odoo_server, target):
    session = Browser(odoo_server.url)
    response = session.get(session.url("/web/session/logout"), params={"redirect": target},
                           allow_redirects=False)
    assert response.status_code in (301, 302, 303)
    assert_local(response, odoo_server.url)
    page = session.get(session.url("/web/login"), params={"redirect": target})
    response = session.post(session.url("/web/login"), params={"redirect": target}, data={
        "login": "luebtheen", "password": "luebtheen", "csrf_token": csrf_token_in(page),
        "db": session.db, "redirect": target}, allow_redirects=False)
    assert logged_in(session)
    assert_local(response, odoo_server.url)
    # logged in, a GET of the login page with a redirect goes there at once
    assert_local(session.get(session.url("/web/login"), params={"redirect": target},
                             allow_redirects=False), odoo_server.url)
    assert_local(session.get(session.url("/web"), params={"redirect": target},
                             allow_redirects=False), odoo_server.url)


def test_own_paths_are_still_followed(odoo_server):
    session = Browser(odoo_server.url)
    session.login("luebtheen", "luebtheen")
    response = session.get(session.url("/web/session/logout"),
                           params={"redirect": "/my/tickets"}, allow_redirects=False)
    assert response.headers["Location"].endswith("/my/tickets")


def account_form(admin, partner_id):
    partner = admin.call_kw("res.partner", "read", [[partner_id], [
        "name", "phone", "email", "street", "city", "zip", "country_id"]])[0]
    return {"name": partner["name"], "phone": partner["phone"] or "0385 1234",
            "email": partner["email"], "street": partner["street"] or "Markt 1",
            "city": partner["city"] or "Lübtheen", "zipcode": partner["zip"] or "19249",
            "country_id": str(partner["country_id"][0] if partner["country_id"]
                              else admin.xmlid("base.de"))}


@pytest.fixture
def account_user(admin):
    login = portal_user(admin, "websec-account", admin.call_kw(
        "res.partner", "search", [[("name", "=", "Stadt Lübtheen")]])[0])
    return login


def partner_of(admin, login):
    return admin.call_kw("res.users", "search_read", [[("login", "=", login)]],
                         {"fields": ["partner_id"]})[0]["partner_id"][0]


def test_get_on_my_account_changes_nothing(browser_factory, admin, account_user):
    partner = partner_of(admin, "websec-account")
    form = account_form(admin, partner)
    portal = browser_factory("websec-account")
    before = admin.call_kw("res.partner", "read", [[partner], ["name", "write_date"]])[0]
    response = portal.get(portal.url("/my/account"), params=dict(form, name="Übernommen",
                                                                 redirect="/my/tickets"),
                          allow_redirects=False)
    assert response.status_code == 200
    after = admin.call_kw("res.partner", "read", [[partner], ["name", "write_date"]])[0]
    assert after == before


def test_my_account_post_redirects_only_locally(browser_factory, admin, account_user):
    partner = partner_of(admin, "websec-account")
    portal = browser_factory("websec-account")
    for target in FOREIGN[:3]:
        data = dict(account_form(admin, partner), redirect=target,
                    csrf_token=portal.csrf_token("/my/account"))
        response = portal.post(portal.url("/my/account"), data=data, allow_redirects=False)
        assert response.status_code in (302, 303), text_of(response.text)[:300]
        assert_local(response, portal.base_url)


def test_my_account_without_csrf_token_is_refused(browser_factory, admin, account_user):
    partner = partner_of(admin, "websec-account")
    portal = browser_factory("websec-account")
    response = portal.post(portal.url("/my/account"), data=dict(
        account_form(admin, partner), name="Ohne Token"), allow_redirects=False)
    assert response.status_code == 400
    assert admin.call_kw("res.partner", "read", [[partner], ["name"]])[0]["name"] != \
        "Ohne Token"
