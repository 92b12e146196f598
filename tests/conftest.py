"""Fixtures for tests against a real Odoo server on the test database.

``odoo_server`` starts ``bin/ksm-odoo`` (threaded, one process) on a free port against
the database the Odoo module tests installed (``ksm_test``), creating it first when a
test module is run alone.
"""
import datetime
import os
import re
import socket
import subprocess

import pytest
import pytz
import requests

from .odoo_env import (KSM_MODULES, ROOT, connect, database_exists, odoo_command,  # noqa: F401
                       set_config_parameter, wait_for_http)
from .odoo_suite import install_test_database, test_database

# ops_fixtures: backup, restore and the production layout (nginx + two Odoo nodes);
# mail_fixtures: a real SMTP server on loopback
pytest_plugins = ["tests.odoo_suite", "tests.ops_fixtures", "tests.mail_fixtures"]

ARTIFACTS = os.path.join(ROOT, "tests", "artifacts")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class OdooServer:
    """A running Odoo process and the URL it serves."""

    def __init__(self, dbname, extra_args=(), name="server"):
        self.dbname = dbname
        self.port = free_port()
        self.url = "http://127.0.0.1:%d" % self.port
        self.log_path = os.path.join(ROOT, "var", "log", "test-%s.log" % name)
        os.makedirs(os.path.dirname(self.log_path), exist_ok=True)
        set_config_parameter(dbname, "web.base.url", self.url)
        set_config_parameter(dbname, "web.base.url.freeze", "True")
        set_config_parameter(dbname, "report.url", self.url)
        args = ["-d", dbname, "--db-filter", "^%s$" % re.escape(dbname),
                "--http-port", str(self.port), "--logfile", self.log_path,
                "--longpolling-port", str(free_port())] + list(extra_args)
        self.process = subprocess.Popen(odoo_command(args), cwd=ROOT)
        try:
            wait_for_http(self.url + "/web/login", self.process)
        except RuntimeError:
            self.stop()
            raise

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@pytest.fixture(scope="session")
def odoo_db():
    """The test database; installed here when the Odoo module tests did not run first."""
    dbname = test_database()
    if not database_exists(dbname):
        log = os.path.join(ROOT, "var", "log", "test-db-install.log")
        assert install_test_database(KSM_MODULES, log, with_tests=False) == 0, log
    return dbname


@pytest.fixture(scope="session")
def odoo_server(odoo_db):
    server = OdooServer(odoo_db, ["--workers=0", "--max-cron-threads=0"])
    yield server
    server.stop()


def text_of(html):
    """The visible text of a page: without scripts, styles and tags, whitespace (no-break
    spaces too) normalised."""
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").split())


def german_money(amount):
    """-1234.5 -> '-1.234,50 €', as the portal shows amounts."""
    return "{:,.2f} €".format(amount).replace(",", "X").replace(".", ",").replace("X", ".")


def portal_user(admin, login, traeger_id, **roles):
    """A portal user (password = login) of a Träger with ``roles`` (e.g.
    ``ksm_role_finance=True``), created once per database."""
    found = admin.call_kw("res.users", "search", [[("login", "=", login)]])
    if found:
        return found[0]
    return admin.call_kw("res.users", "create", [dict({
        "name": login.replace("-", " ").title(), "login": login, "password": login,
        "email": "%s@example.org" % login, "parent_id": traeger_id, "lang": "de_DE",
        "groups_id": [(6, 0, [admin.xmlid("base.group_portal")])]}, **roles)],
        {"context": {"no_reset_password": True}})


def berlin_year():
    """The year it is in Europe/Berlin, the server's business time zone."""
    return datetime.datetime.now(pytz.timezone("Europe/Berlin")).year


def this_years_order_budget(admin, traeger_id, amount=25000.0):
    """An order budget of the Träger open for calls: calls are requested and approved in
    their budget's year, so a project service sheet of this year, signed by a signatory
    of the Träger (made once per database)."""
    year = berlin_year()
    found = admin.call_kw("ksm.order.budget", "search", [[
        ("partner_id", "=", traeger_id), ("year", "=", year), ("scope", "=", "projects"),
        ("sheet_id.state", "in", ["signed", "active"])]], {"limit": 1})
    if found:
        return found[0]
    resolution = admin.call_kw("ksm.resolution", "search", [[
        ("partner_id", "=", traeger_id)]], {"limit": 1})[0]
    signatory = admin.call_kw("res.partner", "search", [[
        ("commercial_partner_id", "=", traeger_id), ("ksm_role_signatory", "=", True)]],
        {"limit": 1})[0]
    sheet = admin.call_kw("ksm.service.sheet", "create", [{
        "partner_id": traeger_id, "year": year, "scope": "projects",
        "title": "Projektleistungen %d" % year, "resolution_id": resolution,
        "line_ids": [(0, 0, {"product_id": admin.xmlid("ksm_services.svc_order_budget"),
                             "price_unit": amount})]}])
    for step in ("action_submit", "action_resolve"):
        admin.call_kw("ksm.service.sheet", step, [[sheet]])
    admin.call_kw("ksm.service.sheet", "write", [[sheet], {"signed_by_id": signatory}])
    admin.call_kw("ksm.service.sheet", "action_sign", [[sheet]])
    return admin.call_kw("ksm.order.budget", "search", [[("sheet_id", "=", sheet)]])[0]


def hourly_rate_of_this_year(admin, name):
    """A catalogue service priced per hour with a price of this year (78,00 €), for calls
    that finance a project (the demo catalogue has prices of 2021 and 2022)."""
    hour = admin.xmlid("product.product_uom_hour")
    return admin.call_kw("product.product", "create", [{
        "name": name, "type": "service", "ksm_is_catalogue": True, "ksm_category": "project",
        "ksm_billing_rhythm": "once", "uom_id": hour, "uom_po_id": hour,
        "ksm_price_ids": [(0, 0, {"year": berlin_year(), "price": 78.0})]}])


def csrf_token_in(response):
    """The CSRF token a page (form or web client) was answered with."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', response.text) or \
        re.search(r'csrf_token: "([^"]+)"', response.text)
    assert match, "no CSRF token on %s" % response.url
    return match.group(1)


def post_ticket(portal, files=None, allow_redirects=False, **fields):
    """Submit the portal's ticket form (/new/ticket) with ``fields`` and ``files``."""
    data = {"csrf_token": portal.csrf_token("/new/ticket"), "subject": "",
            "description": "", "service_id": "", "priority": "1"}
    data.update(fields)
    return portal.post(portal.url("/submitted/ticket"), data=data, files=files or [],
                       allow_redirects=allow_redirects)


class Browser(requests.Session):
    """An HTTP session that logs in like a person does (form with CSRF token).

    ``db``: the database to log in to (default: the test database); ``ca``: the
    certificate to trust for HTTPS (the environment's CA bundle is not used then).
    """

    def __init__(self, base_url, db=None, ca=None):
        super().__init__()
        self.base_url = base_url
        self.db = db or test_database()
        if ca:
            # requests prefers REQUESTS_CA_BUNDLE over a session's own ``verify``
            self.trust_env = False
            self.verify = ca

    def url(self, path):
        return self.base_url + path

    def csrf_token(self, path):
        return csrf_token_in(self.get(self.url(path)))

    def login(self, login, password):
        token = self.csrf_token("/web/login")
        response = self.post(self.url("/web/login"), data={
            "login": login, "password": password, "csrf_token": token,
            "db": self.db}, allow_redirects=True)
        assert response.status_code == 200
        # Odoo 11 answers a successful login with a page that redirects by script
        info = self.json_rpc("/web/session/get_session_info", {})["result"]
        assert info.get("uid"), "login of %r refused" % login
        return response

    def json_rpc(self, path, params):
        response = self.post(self.url(path), json={
            "jsonrpc": "2.0", "method": "call", "params": params, "id": 1})
        response.raise_for_status()
        return response.json()

    def xmlid(self, name):
        """The id of the record with XML id ``name`` (which must exist)."""
        return self.call_kw("ir.model.data", "xmlid_to_res_id", [name],
                            {"raise_if_not_found": True})

    def call_kw(self, model, method, args, kwargs=None):
        payload = self.json_rpc("/web/dataset/call_kw/%s/%s" % (model, method), {
            "model": model, "method": method, "args": args, "kwargs": kwargs or {}})
        if "error" in payload:
            raise RuntimeError(payload["error"]["data"]["message"])
        return payload.get("result")  # Odoo leaves out a result of None


@pytest.fixture
def browser_factory(odoo_server):
    sessions = []

    def make(login=None, password=None):
        session = Browser(odoo_server.url)
        if login:
            session.login(login, password or login)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        session.close()


@pytest.fixture(scope="module")
def backoffice(odoo_server):
    """The administrator, logged in once per test module."""
    session = Browser(odoo_server.url)
    session.login("admin", "admin")
    yield session
    session.close()


@pytest.fixture
def admin(browser_factory):
    return browser_factory("admin", "admin")


# --------------------------------------------------------------------------- browser
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-quic"]


@pytest.fixture(scope="session")
def chromium():
    """Debian's Chromium driven by Playwright (no browser download)."""
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, "report_" + report.when, report)


@pytest.fixture
def portal_page(chromium, odoo_server, request):
    """``portal_page(login)``: a browser tab logged in through Odoo's login form.

    On failure a screenshot of every open tab is kept in tests/artifacts/.
    """
    contexts = []

    def open_as(login, password=None):
        context = chromium.new_context(locale="de-DE", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(30000)
        page.goto(odoo_server.url + "/web/login")
        page.fill("input[name=login]", login)
        page.fill("input[name=password]", password or login)
        page.click("button[type=submit]")
        # the answer redirects by script; a refused login stays with a message
        page.wait_for_function("!location.pathname.startsWith('/web/login')"
                               " || document.querySelector('.alert-danger') !== null")
        page.wait_for_load_state("load")
        return page

    yield open_as
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        os.makedirs(ARTIFACTS, exist_ok=True)
        for number, context in enumerate(contexts):
            for tab, page in enumerate(context.pages):
                page.screenshot(path=os.path.join(
                    ARTIFACTS, "%s-%d-%d.png" % (request.node.name, number, tab)),
                    full_page=True)
    for context in contexts:
        context.close()


BACKOFFICE_WIDTH = 1280  # the width KSM's staff work at


@pytest.fixture(scope="module")
def backoffice_page(chromium, odoo_server):
    """The administrator's back office in a German browser window 1280 px wide, logged
    in through the login form once per test module."""
    context = chromium.new_context(locale="de-DE",
                                   viewport={"width": BACKOFFICE_WIDTH, "height": 900})
    page = context.new_page()
    page.set_default_timeout(60000)
    page.goto(odoo_server.url + "/web/login")
    page.fill("input[name=login]", "admin")
    page.fill("input[name=password]", "admin")
    page.click("button[type=submit]")
    page.wait_for_selector(".o_main_content")
    yield page
    context.close()
