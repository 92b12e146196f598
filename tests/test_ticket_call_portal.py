"""A ticket that became an order budget call, in the portal, over real HTTP with CSRF.

The fixture builds its own Träger through the back office's JSON-RPC (the demo stays as it
is): the first with a signed service sheet and order budget, a signatory, and a school
whose teacher reports tickets; the second Träger with a signatory of its own. KSM books
time on the first Träger's ticket and turns it into a call.
"""
import time

import pytest

from .conftest import (Browser, berlin_year, csrf_token_in, hourly_rate_of_this_year,
                       text_of)


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Browser(odoo_server.url)
    admin.login("admin", "admin")
    stamp = str(int(time.time() * 1000))[-9:]
    portal_group = admin.xmlid("base.group_portal")
    order_budget_service = admin.xmlid("ksm_services.svc_order_budget")
    hour_rate = hourly_rate_of_this_year(admin, "Projektstunde Tickettest %s" % stamp)
    year = berlin_year()  # calls are requested in their budget's year

    def call_kw(model, method, *args, **kwargs):
        return admin.call_kw(model, method, list(args), kwargs)

    def company(name, **values):
        return call_kw("res.partner", "create", dict(values, **{
            "name": "%s %s" % (name, stamp), "is_company": True, "lang": "de_DE"}))

    def portal_user(login, parent_id, signatory=False):
        user_id = admin.call_kw("res.users", "create", [{
            "name": "Test %s" % login, "login": login, "password": login,
            "parent_id": parent_id, "ksm_role_signatory": signatory, "lang": "de_DE",
            "groups_id": [(6, 0, [portal_group])]}], {"context": {"no_reset_password": True}})
        partner_id = call_kw("res.users", "read", [user_id], ["partner_id"])[0]["partner_id"][0]
        return {"login": login, "partner_id": partner_id}

    def order_budget(partner_id, signatory):
        resolution = call_kw("ksm.resolution", "create", {
            "name": "SV/%s/%s" % (partner_id, stamp), "partner_id": partner_id,
            "body": "stadtvertretung", "date": "%d-12-01" % (year - 1),
            "subject": "Serviceschein %d" % year})
        sheet = call_kw("ksm.service.sheet", "create", {
            "partner_id": partner_id, "year": year, "scope": "administration",
            "resolution_id": resolution, "title": "Tickettest %s" % stamp,
            "line_ids": [(0, 0, {"product_id": order_budget_service, "price_unit": 10000.0})]})
        for step in ("action_submit", "action_resolve"):
            call_kw("ksm.service.sheet", step, [sheet])
        call_kw("ksm.service.sheet", "write", [sheet],
                {"signed_by_id": signatory["partner_id"]})
        for step in ("action_sign", "action_activate"):
            call_kw("ksm.service.sheet", step, [sheet])
        return call_kw("ksm.order.budget", "search", [("sheet_id", "=", sheet)])[0]

    def ticket(partner_id, name):
        return call_kw("helpdesk.ticket", "create", {
            "name": name, "description": "<p>%s</p>" % name, "partner_id": partner_id})

    def book(ticket_id, date, hours, work):
        call_kw("helpdesk.ticket", "write", [ticket_id], {"ksm_timesheet_ids": [(0, 0, {
            "date": date, "unit_amount": hours, "name": work})]})

    def convert(ticket_id, amount):
        wizard = call_kw("ksm.ticket.order.call", "create", {
            "amount": amount, "rate_product_id": hour_rate},
            context={"default_ticket_id": ticket_id, "lang": "de_DE"})
        return call_kw("ksm.ticket.order.call", "action_create_call", [wizard])["res_id"]

    first = company("Amt Tickettest", ksm_is_traeger=True)
    second = company("Gemeinde Ticketandere", ksm_is_traeger=True)
    school = company("Grundschule Tickettest", parent_id=first)
    signatory = portal_user("ticket-sig-%s" % stamp, first, signatory=True)
    teacher = portal_user("ticket-teacher-%s" % stamp, school)
    other_signatory = portal_user("ticket-other-%s" % stamp, second, signatory=True)
    budget = order_budget(first, signatory)
    server_ticket = ticket(signatory["partner_id"], "Dateiserver meldet Plattenfehler")
    book(server_ticket, "2021-04-19", 1.5, "Fehleranalyse per Fernwartung")
    call = convert(server_ticket, 780.0)
    book(server_ticket, "2021-04-20", 3.0, "Austausch der Festplatten")
    school_ticket = ticket(teacher["partner_id"], "Whiteboard im Raum 4 ohne Bild")
    book(school_ticket, "2021-05-03", 2.0, "Treiber des Whiteboards erneuert")
    school_call = convert(school_ticket, 156.0)
    numbers = {record["id"]: record["number"] for record in call_kw(
        "helpdesk.ticket", "read", [server_ticket, school_ticket], ["number"])}
    yield {
        "call_kw": call_kw, "budget": budget, "call": call, "school_call": school_call,
        "ticket": server_ticket, "school_ticket": school_ticket, "numbers": numbers,
        "signatory": signatory, "teacher": teacher, "other_signatory": other_signatory,
    }
    admin.close()


def login(browser_factory, user):
    return browser_factory(user["login"], user["login"])


def call_state(world, call_id):
    return world["call_kw"]("ksm.order.call", "read", [call_id], ["state"])[0]["state"]


def test_ticket_page_shows_its_call(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    page = portal.get(portal.url("/my/ticket/%d" % world["ticket"]))
    assert page.status_code == 200
    text = text_of(page.text)
    assert 'href="/my/order-calls/%d"' % world["call"] in page.text
    # the call's default description: the ticket's number and title
    number = world["numbers"][world["ticket"]]
    assert "Abruf %s Dateiserver meldet Plattenfehler" % number in text
    assert "Beantragt" in text
    # 4,5 h x 78,00 €; a requested call consumes nothing yet
    assert "Erfasste Stunden 4,50 Wert der Leistungen 351,00 €" in text
    assert "Aus dem Auftragsbudget verbraucht 0,00 €" in text


def test_call_page_links_back_to_the_ticket_with_the_work_recorded(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    page = portal.get(portal.url("/my/order-calls/%d" % world["call"]))
    assert page.status_code == 200
    text = text_of(page.text)
    number = world["numbers"][world["ticket"]]
    assert 'href="/my/ticket/%d"' % world["ticket"] in page.text
    assert "%s: Dateiserver meldet Plattenfehler" % number in text
    assert "Fehleranalyse per Fernwartung" in text and "Austausch der Festplatten" in text
    assert "780,00 €" in text and "351,00 €" in text and "78,00 €" in text
    assert "19.04.2021" in text
    budget_page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert 'href="/my/order-calls/%d"' % world["call"] in budget_page.text


def test_signatory_approves_on_the_call_page(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    page = portal.get(portal.url("/my/order-calls/%d" % world["school_call"]))
    assert 'action="/my/order-calls/%d/approve"' % world["school_call"] in page.text
    answer = portal.post(portal.url("/my/order-calls/%d/approve" % world["school_call"]),
                         data={"csrf_token": csrf_token_in(page)}, allow_redirects=False)
    assert answer.status_code in (302, 303)
    assert call_state(world, world["school_call"]) == "approved"


def test_school_staff_see_their_ticket_but_not_the_traegers_budget(browser_factory, world):
    portal = login(browser_factory, world["teacher"])
    page = portal.get(portal.url("/my/ticket/%d" % world["school_ticket"]))
    assert page.status_code == 200
    assert "Whiteboard im Raum 4 ohne Bild" in text_of(page.text)
    assert "/my/order-calls/" not in page.text and "o_ksm_ticket_call" not in page.text
    assert portal.get(portal.url(
        "/my/order-calls/%d" % world["school_call"])).status_code == 404


def test_another_traeger_reaches_neither_the_ticket_nor_the_call(browser_factory, world):
    portal = login(browser_factory, world["other_signatory"])
    for path in ("/my/ticket/%d" % world["ticket"], "/my/order-calls/%d" % world["call"]):
        page = portal.get(portal.url(path))
        assert page.status_code == 404, path
        assert "Dateiserver" not in page.text
    token = csrf_token_in(portal.get(portal.url("/my/tickets")))
    answer = portal.post(portal.url("/my/order-calls/%d/approve" % world["call"]),
                         data={"csrf_token": token}, allow_redirects=False)
    assert answer.status_code == 404
    assert call_state(world, world["call"]) == "requested"
