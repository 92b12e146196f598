"""The platform works end to end: server, login, portal, stylesheets, PDF reports, prefork."""
import io
import re
import time

import pypdf
import requests

from .conftest import Browser, OdooServer, connect


def test_login_page(odoo_server):
    response = requests.get(odoo_server.url + "/web/login")
    assert response.status_code == 200
    assert 'name="login"' in response.text and 'name="password"' in response.text


def test_admin_reaches_the_web_client(admin):
    response = admin.get(admin.url("/web"))
    assert response.status_code == 200
    assert "odoo.session_info" in response.text
    info = admin.json_rpc("/web/session/get_session_info", {})["result"]
    assert info["username"] == "admin" and info["user_context"]["lang"] == "de_DE"


def test_web_client_assets_load(admin):
    for path in ("/web/webclient/qweb", "/web/webclient/locale/de_DE"):
        response = admin.get(admin.url(path))
        assert response.status_code == 200, path
    assert "<templates" in admin.get(admin.url("/web/webclient/qweb")).text


def test_portal_user_sees_my_account_in_german(browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    response = portal.get(portal.url("/my"))
    assert response.status_code == 200
    assert "Ines Becker" in response.text
    assert "Abmelden" in response.text  # German "Logout": the user's language is used


def test_portal_user_cannot_open_the_back_office(browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    response = portal.get(portal.url("/web"), allow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/my" in response.headers["Location"] or "/web/login" in response.headers["Location"]


def test_frontend_stylesheet_is_compiled_by_lessc(odoo_server):
    page = requests.get(odoo_server.url + "/web/login").text
    links = re.findall(r'href="(/web/content/[^"]+\.css)"', page)
    assert links, "no stylesheet bundle linked from the login page"
    for link in links:
        css = requests.get(odoo_server.url + link)
        assert css.status_code == 200
        assert "text/css" in css.headers["Content-Type"]
        assert "Could not execute command" not in css.text and "lessc" not in css.text
    bundle = requests.get(odoo_server.url + links[-1]).text
    # Bootstrap 3 rules exist only once the .less sources were compiled
    assert ".btn-primary" in bundle and "@import" not in bundle


def test_invoice_pdf_renders_through_wkhtmltopdf(admin):
    partner = admin.call_kw("res.partner", "search", [[("name", "=", "Stadt Lübtheen")]])[0]
    account = admin.call_kw("account.account", "search", [[("user_type_id.type", "=", "other"),
                                                          ("internal_type", "=", "other")]],
                            {"limit": 1})[0]
    invoice = admin.call_kw("account.invoice", "create", [{
        "partner_id": partner, "type": "out_invoice",
        "invoice_line_ids": [(0, 0, {"name": "Smoke-Test Leistung", "quantity": 2,
                                     "price_unit": 1234.5, "account_id": account})],
    }])
    admin.call_kw("account.invoice", "action_invoice_open", [[invoice]])
    number = admin.call_kw("account.invoice", "read", [[invoice], ["number"]])[0]["number"]
    response = admin.get(admin.url("/report/pdf/account.report_invoice/%d" % invoice))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert number in text
    assert "Smoke-Test Leistung" in text
    assert "2.469,00" in text  # German number format in the German report


def test_prefork_server_serves_requests_and_runs_crons(odoo_db):
    marker = "ksm.smoke.cron.%d" % int(time.time())
    server = OdooServer(odoo_db, ["--workers=2", "--max-cron-threads=1"], name="prefork")
    try:
        for _ in range(6):  # spread over both workers
            assert requests.get(server.url + "/web/login").status_code == 200
        admin = Browser(server.url)
        admin.login("admin", "admin")
        model = admin.call_kw("ir.model", "search", [[("model", "=", "ir.config_parameter")]])
        admin.call_kw("ir.cron", "create", [{
            "name": "Smoke cron", "model_id": model[0], "state": "code",
            "code": "env['ir.config_parameter'].sudo().set_param(%r, 'ran')" % marker,
            "interval_number": 1, "interval_type": "days", "numbercall": 1,
            "nextcall": "2000-01-01 00:00:00"}])
        deadline = time.time() + 150  # the cron worker wakes up every 60-70 s
        ran = None
        while time.time() < deadline and not ran:
            time.sleep(3)
            conn = connect(odoo_db)
            with conn.cursor() as cr:
                cr.execute("SELECT value FROM ir_config_parameter WHERE key = %s", [marker])
                ran = cr.fetchone()
            conn.close()
        assert ran == ("ran",), "the cron worker did not run the job"
        assert server.process.poll() is None, "the prefork server died"
        with open(server.log_path) as log:
            text = log.read()
        assert "cannot be interpreted as an integer" not in text
        assert "Evented Service (longpolling) running" in text
    finally:
        server.stop()
