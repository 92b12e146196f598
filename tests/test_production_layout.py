"""The production layout of ``make prod`` (ops/prod.py), through nginx over HTTPS.

Fixture ``production_layout`` (tests/ops_fixtures.py): nginx with a self-signed
certificate in front of two prefork Odoo nodes (``--workers 2``, the first with the cron
worker) on a restored copy of the test database, all on free loopback ports.
"""
import http.client
import os
import re
import socket
import ssl
import threading
import time

import pytest
import requests

from .conftest import post_ticket, text_of
from .odoo_env import connect
from .ops_fixtures import PORTAL_LOGIN, pdf_file


@pytest.fixture(scope="module")
def layout(production_layout):
    return production_layout.layout


def access_log(layout):
    with open(os.path.join(layout.log_dir, "nginx-access.log")) as handle:
        return handle.read().splitlines()


def test_http_is_redirected_to_https(layout):
    response = requests.get(layout.http_url + "/my/invoices?page=2", allow_redirects=False)
    assert response.status_code == 301
    assert response.headers["Location"] == layout.url + "/my/invoices?page=2"


def test_tls_with_the_layouts_certificate(layout):
    context = ssl.create_default_context(cafile=layout.cert)
    with socket.create_connection(("127.0.0.1", layout.https_port)) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.version() in ("TLSv1.2", "TLSv1.3")
            names = [value for _kind, value in tls.getpeercert()["subjectAltName"]]
    assert names == ["localhost", "127.0.0.1"]
    with pytest.raises(requests.exceptions.SSLError):  # not trusted without it
        session = requests.Session()
        session.trust_env = False
        session.get(layout.url + "/web/login")


def test_odoo_builds_its_urls_from_the_proxy(layout):
    """proxy_mode: Odoo answers with the client's scheme and host, not the node's."""
    response = requests.get(layout.url + "/my", allow_redirects=False, verify=layout.cert)
    assert response.status_code in (302, 303)
    assert response.headers["Location"].startswith(layout.url + "/web/login?redirect=")
    assert "https%3A%2F%2F" in response.headers["Location"]


def test_host_names_other_than_the_layouts_are_refused(layout):
    response = requests.get(layout.url + "/web/login", headers={"Host": "phishing.example"},
                            verify=layout.cert)
    assert response.status_code == 421


def test_requests_over_the_size_limit_are_refused_by_nginx(layout):
    context = ssl.create_default_context(cafile=layout.cert)
    connection = http.client.HTTPSConnection("localhost", layout.https_port, context=context)
    connection.putrequest("POST", "/submitted/ticket")
    connection.putheader("Content-Length", str(129 * 1024 * 1024))
    connection.endheaders()
    assert connection.getresponse().status == 413
    connection.close()


def test_portal_user_logs_in_and_pages_load(production_layout, layout):
    logged = len(access_log(layout))
    portal = production_layout.browser("luebtheen")
    for path, text in (("/my", "Rechnungen"), ("/my/invoices", "Rechnungen"),
                       ("/my/tickets", "Tickets"), ("/my/service-sheets", "Servicescheine")):
        response = portal.get(portal.url(path), allow_redirects=False)
        assert response.status_code == 200, path
        assert text in text_of(response.text), path
    css = re.findall(r'href="(/web/content/[^"]+\.css)"', response.text)
    assert css and portal.get(portal.url(css[-1])).status_code == 200
    session_id = portal.cookies["session_id"]
    served_by = {line.rsplit("upstream=", 1)[1] for line in access_log(layout)[logged:]
                 if '"GET /my' in line}
    assert served_by == {"127.0.0.1:%d" % node.http_port for node in layout.nodes}, served_by
    # the session is valid on each node, asked directly
    for node in layout.nodes:
        info = requests.post(node.url + "/web/session/get_session_info", json={
            "jsonrpc": "2.0", "method": "call", "params": {}, "id": 1},
            cookies={"session_id": session_id}).json()["result"]
        assert info["username"] == "luebtheen", node.url


def test_ticket_with_attachment_through_the_proxy(production_layout):
    portal = production_layout.browser(PORTAL_LOGIN)
    pdf = pdf_file("Druckerfehler im Bürgerbüro")
    response = post_ticket(portal, subject="Druckerfehler über den Proxy",
                           description="Seit heute.",
                           files=[("attachment", ("fehler.pdf", pdf, "application/pdf"))])
    assert response.status_code in (302, 303), response.text[:300]
    assert response.headers["Location"].startswith(portal.url("/my/ticket/"))
    page = portal.get(response.headers["Location"])
    assert page.status_code == 200 and "fehler.pdf" in page.text


def test_message_of_a_traeger_arrives_in_the_back_office_by_longpolling(
        production_layout, layout):
    """A KSM employee following a ticket gets the Träger's answer through the bus: the
    back office's poll waits at a node's longpolling port, the message is posted through
    an HTTP worker, possibly of the other node (PostgreSQL NOTIFY joins them)."""
    admin = production_layout.browser("admin", "admin")
    portal = production_layout.browser(PORTAL_LOGIN)
    created = post_ticket(portal, subject="Rückfrage per Longpolling", description="Hallo.")
    ticket_id = int(created.headers["Location"].rsplit("/", 1)[1].split("?")[0])
    admin_partner = admin.json_rpc("/web/session/get_session_info", {})["result"]["partner_id"]
    admin.call_kw("helpdesk.ticket", "message_subscribe", [[ticket_id]],
                  {"partner_ids": [admin_partner]})
    conn = connect(layout.dbname)
    with conn.cursor() as cr:
        cr.execute("SELECT coalesce(max(id), 0) FROM bus_bus")
        last = cr.fetchone()[0]
    conn.close()
    answer = {}

    def poll():
        answer["poll"] = admin.json_rpc("/longpolling/poll", {
            "channels": [], "last": last, "options": {}})

    poller = threading.Thread(target=poll)
    poller.start()
    posted = portal.post(portal.url("/mail/chatter_post"), data={
        "csrf_token": portal.csrf_token("/my/ticket/%d" % ticket_id),
        "res_model": "helpdesk.ticket", "res_id": str(ticket_id),
        "message": "Der Drucker geht wieder."},
        headers={"Referer": portal.url("/my/ticket/%d" % ticket_id)}, allow_redirects=False)
    assert posted.status_code in (302, 303)
    poller.join(70)
    notifications = answer["poll"]["result"]
    bodies = [n["message"].get("body", "") for n in notifications
              if n["channel"][1] == "ir.needaction" and n["channel"][2] == admin_partner]
    assert any("Der Drucker geht wieder." in body for body in bodies), notifications
    deadline = time.time() + 10  # nginx logs a request once its answer is sent
    polls = []
    while not polls and time.time() < deadline:
        polls = [line for line in access_log(layout) if '"POST /longpolling/poll' in line]
        time.sleep(0.2)
    assert polls and polls[-1].rsplit("upstream=", 1)[1] in {
        "127.0.0.1:%d" % node.longpolling_port for node in layout.nodes}


def test_security_headers_and_cookie_flags_through_the_proxy(production_layout, layout):
    """What web_security_hardening sets (#14) arrives through nginx, and the session
    cookie is marked Secure because Odoo knows from the proxy that the request was TLS."""
    portal = production_layout.browser("luebtheen")
    admin = production_layout.browser("admin", "admin")  # /web sends portal users to /my
    for session, path in ((portal, "/web/login"), (portal, "/my"), (admin, "/web")):
        response = session.get(session.url(path), allow_redirects=False)
        assert response.status_code == 200, path
        headers = response.headers
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"], path
        assert headers["X-Frame-Options"] in ("SAMEORIGIN", "DENY"), path  # login: DENY
        assert headers["X-Content-Type-Options"] == "nosniff", path
        assert headers["Referrer-Policy"], path
    anonymous = production_layout.browser()
    response = anonymous.get(anonymous.url("/web/login"))
    cookie = next(cookie for cookie in anonymous.cookies if cookie.name == "session_id")
    assert cookie.secure
    set_cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie, set_cookie
