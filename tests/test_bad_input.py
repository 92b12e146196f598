"""Bad input on every ksm portal route answers 404 or 400, never 500, and writes nothing.

Every route of ``ROUTE_KINDS`` (tests/test_isolation.py: the complete list of ksm portal
routes) is requested by a portal user of Stadt Lübtheen with ids beyond PostgreSQL's
integer, NUL bytes in the path, the query and the form, and list parameters that name
nothing (``sortby=zzz``, ``date_begin=abc``, ...). The records the portal can change are
counted before and after: nothing may be written.
"""
import re
import time

import pytest

from .conftest import post_ticket, text_of
from .test_isolation import ROUTE_KINDS

NUL_MESSAGE = "NUL-Zeichen"
HUGE_IDS = ("99999999999999999999", "2147483648", "-2147483649")
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")
# list parameters of Odoo's and our portal lists, each with values that name nothing
LIST_QUERIES = [{"sortby": "zzz"}, {"filterby": "zzz"}, {"date_begin": "abc"},
                {"date_end": "abc", "date_begin": "2026-01-01"}, {"search_in": "zzz"},
                {"search": "x", "search_in": "zzz"}, {"page": "abc"},
                {"sortby": "date'--"}]
# the counts that must not change (model, domain)
WATCHED = [("helpdesk.ticket", []), ("ksm.order.call", []), ("ksm.quantity.report", []),
           ("mail.message", []), ("ir.attachment", [("res_model", "!=", False)])]


def route_url(rule, replace):
    """The rule with each parameter replaced by ``replace(converter, name)``."""
    return PARAM.sub(lambda match: replace(match.group(1) or "default", match.group(2)), rule)


def plain_value(converter, name):
    return "1" if converter == "int" else "clean"


def split(key):
    return ("POST", key[5:]) if key.startswith("POST ") else ("GET", key)


@pytest.fixture(scope="module")
def signatory(odoo_server):
    from .conftest import Browser
    session = Browser(odoo_server.url)
    session.login("luebtheen", "luebtheen")
    yield session
    session.close()


@pytest.fixture
def unchanged(backoffice):
    """Asserts after the test that no watched count changed."""
    def counts():
        return {model: backoffice.call_kw(model, "search_count", [domain])
                for model, domain in WATCHED}
    before = counts()
    yield
    assert counts() == before


def request(session, method, path, **kwargs):
    if method == "POST":
        data = dict(kwargs.pop("data", {}), csrf_token=session.csrf_token("/my"))
        return session.post(session.url(path), data=data, allow_redirects=False, **kwargs)
    return session.get(session.url(path), allow_redirects=False, **kwargs)


def assert_refused(response, allowed=(400, 404)):
    assert response.status_code in allowed, "%s answered %s: %s" % (
        response.url, response.status_code, text_of(response.text)[:300])


def test_ids_beyond_postgresql_integer_answer_404(signatory, unchanged):
    tried = 0
    for key in sorted(ROUTE_KINDS):
        method, rule = split(key)
        names = [name for converter, name in PARAM.findall(rule) if converter == "int"]
        for name in names:
            for huge in HUGE_IDS:
                path = route_url(rule, lambda converter, other: huge if other == name
                                 else plain_value(converter, other))
                assert_refused(request(signatory, method, path), allowed=(404,))
                tried += 1
    assert tried > 40


def test_nul_in_path_query_and_form_answers_400_in_german(signatory, unchanged):
    tried = 0
    for key in sorted(ROUTE_KINDS):
        method, rule = split(key)
        path = route_url(rule, plain_value)
        # every candidate carries a NUL: none may reach a controller
        candidates = [(path, {"params": {"q": "a\x00b"}}), (path + "%00", {})]
        if any(converter != "int" for converter, _name in PARAM.findall(rule)):
            candidates.append((route_url(rule, lambda converter, name: "a%00b"
                                         if converter != "int" else "1"), {}))
        if method == "POST":
            candidates.append((path, {"data": {"description": "Text\x00mit NUL"}}))
        for url, extra in candidates:
            response = request(signatory, method, url, **extra)
            assert_refused(response)
            if response.status_code == 400:
                assert NUL_MESSAGE in response.text or "CSRF" in response.text, url
            tried += 1
    assert tried >= 2 * len(ROUTE_KINDS)


def test_list_parameters_that_name_nothing_never_fail(signatory, unchanged):
    tried = 0
    for key in sorted(ROUTE_KINDS):
        method, rule = split(key)
        if method == "POST" or "<" in rule:
            continue
        for query in LIST_QUERIES + [{"search": "\x00"}]:
            response = request(signatory, method, rule, params=query)
            assert response.status_code in (200, 303, 400, 404), "%s?%s answered %s: %s" % (
                rule, query, response.status_code, text_of(response.text)[:300])
            tried += 1
    assert tried > 50


def test_ticket_search_with_nul_answers_400(signatory):
    response = signatory.get(signatory.url("/my/tickets"), params={"search": "\x00"})
    assert response.status_code == 400
    assert NUL_MESSAGE in response.text


def test_account_with_a_country_that_is_no_number(browser_factory, backoffice):
    from .conftest import portal_user
    traeger = backoffice.call_kw("res.partner", "search", [[("name", "=", "Stadt Lübtheen")]])
    portal_user(backoffice, "websec-badinput", traeger[0])
    portal = browser_factory("websec-badinput")
    user = backoffice.call_kw("res.users", "search_read", [[("login", "=", "websec-badinput")]],
                              {"fields": ["partner_id"]})[0]
    before = backoffice.call_kw("res.partner", "read", [[user["partner_id"][0]],
                                                        ["name", "write_date"]])
    for country in ("abc", "99999999999999999999", "2147483647", "-1"):
        response = portal.post(portal.url("/my/account"), data={
            "csrf_token": portal.csrf_token("/my/account"), "name": "Geändert",
            "phone": "0385 1", "email": "websec-badinput@example.org", "street": "Markt 1",
            "city": "Lübtheen", "zipcode": "19249", "country_id": country,
            "state_id": "abc"}, allow_redirects=False)
        assert response.status_code == 400, country
        assert "Land und das Bundesland aus den Listen" in text_of(response.text), country
    assert backoffice.call_kw("res.partner", "read", [[user["partner_id"][0]],
                                                      ["name", "write_date"]]) == before


def test_control_characters_are_not_stored(browser_factory, backoffice):
    portal = browser_factory("luebtheen")
    stamp = str(time.time())
    subject = "Steuerzeichen\x07 im\x1b Titel " + stamp
    response = post_ticket(portal, subject=subject, description="Zeile\x0b eins\x08\nzwei")
    assert response.status_code in (302, 303)
    ticket = backoffice.call_kw("helpdesk.ticket", "search_read", [[
        ("name", "=", "Steuerzeichen im Titel " + stamp)]], {"fields": ["name", "description"]})
    assert len(ticket) == 1
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", ticket[0]["description"])
