"""One time zone for every time a person reads: a ticket's "Gemeldet am" and its
messages, a sheet's acceptance (the legal record, with its zone), an order call's
messages, in Europe/Berlin whatever the browser's or the server's zone."""
import datetime
import re
from zoneinfo import ZoneInfo

import pytest

from .conftest import csrf_token_in, text_of
from .test_service_sheet_portal import world  # noqa: F401  (the sheet to accept)

BERLIN = ZoneInfo("Europe/Berlin")


def local(utc_text, seconds=False):
    moment = datetime.datetime.strptime(utc_text, "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=datetime.timezone.utc).astimezone(BERLIN)
    return moment, moment.strftime("%d.%m.%Y %H:%M:%S" if seconds else "%d.%m.%Y %H:%M")


def chatter(session, model, record_id):
    response = session.json_rpc("/mail/chatter_fetch", {
        "res_model": model, "res_id": record_id, "limit": 50})
    return response["result"]["messages"]


def test_ticket_reported_at_and_its_messages_agree(backoffice, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    partner = backoffice.call_kw("res.users", "search_read", [[("login", "=", "luebtheen")]],
                                 {"fields": ["partner_id"]})[0]["partner_id"][0]
    ticket = backoffice.call_kw("helpdesk.ticket", "create", [{
        "name": "Drucker im Bürgerbüro", "description": "<p>Druckt nicht.</p>",
        "partner_id": partner}])
    backoffice.call_kw("helpdesk.ticket", "message_post", [[ticket]], {
        "body": "Wir kümmern uns darum.", "message_type": "comment",
        "subtype": "mail.mt_comment"})
    reported_at = backoffice.call_kw("helpdesk.ticket", "read", [[ticket], ["ksm_reported_at"]])[
        0]["ksm_reported_at"]
    page = portal.get(portal.url("/my/ticket/%d" % ticket))
    assert page.status_code == 200
    assert local(reported_at)[1] in text_of(page.text)
    messages = chatter(portal, "helpdesk.ticket", ticket)
    assert messages
    for message in messages:
        assert message["ksm_date_local"] == local(message["date"], seconds=True)[1]
    # the answer was written right after the report: same day, same hour in Berlin
    answer = [m for m in messages if "kümmern" in (m["body"] or "")][0]
    assert local(answer["date"])[0] - local(reported_at)[0] < datetime.timedelta(minutes=5)


def test_sheet_acceptance_is_shown_in_local_time_with_its_zone(world, browser_factory):  # noqa: F811
    admin, sheet = world["admin"], world["to_accept"]
    signed_on = admin.call_kw("ksm.service.sheet", "read", [[sheet], ["signed_on"]])[0]["signed_on"]
    if not signed_on:
        portal = browser_factory("luebtheen", "luebtheen")
        page = portal.get(portal.url("/my/service-sheets/%d" % sheet))
        portal.post(portal.url("/my/service-sheets/%d/accept" % sheet), data={
            "csrf_token": csrf_token_in(page), "signer_name": "Ines Becker", "confirm": "1"})
        signed_on = admin.call_kw("ksm.service.sheet", "read", [[sheet], ["signed_on"]])[0][
            "signed_on"]
    moment, text = local(signed_on, seconds=True)
    zone = {"CET": "MEZ", "CEST": "MESZ"}[moment.strftime("%Z")]
    portal = browser_factory("luebtheen", "luebtheen")
    page = text_of(portal.get(portal.url("/my/service-sheets/%d" % sheet)).text)
    assert "%s %s" % (text, zone) in page
    utc = datetime.datetime.strptime(signed_on, "%Y-%m-%d %H:%M:%S").strftime("%H:%M:%S")
    assert moment.strftime("%H:%M:%S") == utc or utc not in page  # not the UTC time


def test_order_call_messages_in_local_time(backoffice, browser_factory):
    portal = browser_factory("luebtheen", "luebtheen")
    calls = backoffice.call_kw("ksm.order.call", "search", [[
        ("partner_id", "=", backoffice.xmlid("ksm_membership.partner_luebtheen"))]],
        {"limit": 1})
    assert calls, "Lübtheen's demo order budget has calls"
    page = portal.get(portal.url("/my/order-calls/%d" % calls[0]))
    assert page.status_code == 200
    for message in chatter(portal, "ksm.order.call", calls[0]):
        assert message["ksm_date_local"] == local(message["date"], seconds=True)[1]
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", text_of(page.text))  # no raw UTC
