"""Order budgets and project budgets in the portal, over real HTTP with CSRF.

The fixture builds two Träger of its own through the back office's JSON-RPC (so the demo
stays as it is): each with a signed service sheet and its order budget, a signatory and,
for the first, a clerk without signing authority; the second has a call and a project of
its own that the first must never reach.
"""
import datetime
import re
import time

import pytest
import pytz

from .conftest import (Browser, berlin_year, csrf_token_in, hourly_rate_of_this_year,
                       text_of)


@pytest.fixture(scope="module")
def world(odoo_server):
    admin = Browser(odoo_server.url)
    admin.login("admin", "admin")
    stamp = str(int(time.time() * 1000))[-9:]
    portal_group = admin.xmlid("base.group_portal")
    order_budget_service = admin.xmlid("ksm_services.svc_order_budget")
    hour_rate = hourly_rate_of_this_year(admin, "Projektstunde Budgettest %s" % stamp)
    year = berlin_year()  # calls are requested in their budget's year

    def call_kw(model, method, *args, **kwargs):
        return admin.call_kw(model, method, list(args), kwargs)

    def traeger(name):
        return call_kw("res.partner", "create", {
            "name": "%s %s" % (name, stamp), "is_company": True, "ksm_is_traeger": True,
            "lang": "de_DE"})

    def portal_user(login, parent_id, signatory=False):
        user_id = admin.call_kw("res.users", "create", [{
            "name": "Test %s" % login, "login": login, "password": login,
            "parent_id": parent_id, "ksm_role_signatory": signatory, "lang": "de_DE",
            "groups_id": [(6, 0, [portal_group])]}], {"context": {"no_reset_password": True}})
        partner_id = call_kw("res.users", "read", [user_id], ["partner_id"])[0]["partner_id"][0]
        return {"login": login, "partner_id": partner_id}

    def order_budget(partner_id, signatory, amount):
        resolution = call_kw("ksm.resolution", "create", {
            "name": "SV/%s/%s" % (partner_id, stamp), "partner_id": partner_id,
            "body": "stadtvertretung", "date": "%d-12-01" % (year - 1),
            "subject": "Serviceschein %d" % year})
        sheet = call_kw("ksm.service.sheet", "create", {
            "partner_id": partner_id, "year": year, "scope": "administration",
            "resolution_id": resolution, "title": "Budgettest %s" % stamp,
            "line_ids": [(0, 0, {"product_id": order_budget_service, "price_unit": amount})]})
        call_kw("ksm.service.sheet", "action_submit", [sheet])
        call_kw("ksm.service.sheet", "action_resolve", [sheet])
        call_kw("ksm.service.sheet", "write", [sheet],
                {"signed_by_id": signatory["partner_id"]})
        call_kw("ksm.service.sheet", "action_sign", [sheet])
        call_kw("ksm.service.sheet", "action_activate", [sheet])
        return call_kw("ksm.order.budget", "search", [("sheet_id", "=", sheet)])[0]

    def call(budget, name, amount, approver=None, with_project=False):
        call_id = call_kw("ksm.order.call", "create", {
            "budget_id": budget, "name": name, "amount": amount, "rate_product_id": hour_rate,
            "approved_by_id": approver["partner_id"] if approver else False},
            context={"lang": "de_DE"})
        if approver:
            call_kw("ksm.order.call", "action_approve", [call_id])
        project = None
        if with_project:
            project = call_kw("ksm.order.call", "action_create_project", [call_id])["res_id"]
        return call_id, project

    first = traeger("Amt Budgettest")
    second = traeger("Gemeinde Zweittest")
    signatory = portal_user("budget-sig-%s" % stamp, first, signatory=True)
    clerk = portal_user("budget-clerk-%s" % stamp, first)
    other_signatory = portal_user("budget-other-%s" % stamp, second, signatory=True)
    budget = order_budget(first, signatory, 10000.0)
    other_budget = order_budget(second, other_signatory, 8000.0)
    town_hall, project = call(budget, "Projektbegleitung Neubau Rathaus", 4680.0,
                              approver=signatory, with_project=True)
    for date, hours, work in (("%d-01-04" % year, 4.0, "Bestandsaufnahme IT-Ausstattung"),
                              ("%d-01-12" % year, 6.5, "Planung Serverraum")):
        call_kw("account.analytic.line", "create", {
            "name": work, "date": date, "unit_amount": hours, "project_id": project})
    other_call, other_project = call(other_budget, "Glasfaser Bauhof", 3000.0,
                                     approver=other_signatory, with_project=True)
    other_requested, _ = call(other_budget, "Drucker Standesamt", 400.0)
    yield {
        "admin": admin, "call_kw": call_kw, "stamp": stamp,
        "budget": budget, "other_budget": other_budget,
        "project": project, "other_project": other_project,
        "town_hall": town_hall, "other_call": other_call, "other_requested": other_requested,
        "signatory": signatory, "clerk": clerk, "other_signatory": other_signatory,
    }
    admin.close()


def login(browser_factory, user):
    return browser_factory(user["login"], user["login"])


def calls_of(world, budget):
    return world["call_kw"]("ksm.order.call", "search_read", [("budget_id", "=", budget)],
                            ["name", "amount", "state", "requested_by_id", "approved_by_id"])


def budget_figures(world, budget):
    return world["call_kw"]("ksm.order.budget", "read", [budget], [
        "amount", "amount_consumed", "amount_remaining", "amount_requested"])[0]


def request_call(portal, budget, description, amount, token=None):
    form_url = "/my/order-budgets/%d/call" % budget
    if token is None:
        token = csrf_token_in(portal.get(portal.url(form_url)))
    return portal.post(portal.url(form_url), data={
        "csrf_token": token, "description": description, "amount": amount},
        allow_redirects=False)


# ---------------------------------------------------------------------------- reading


def test_my_home_links_to_order_budgets_and_project_budgets(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    page = portal.get(portal.url("/my"))
    assert page.status_code == 200
    assert 'href="/my/order-budgets"' in page.text and "Auftragsbudgets" in page.text
    assert 'href="/my/budget-projects"' in page.text and "Projektbudgets" in page.text


def test_list_shows_own_budget_with_consumption_bar(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    page = portal.get(portal.url("/my/order-budgets"))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "AB-%d-BUD" % berlin_year() in text
    assert "10.000,00 €" in text and "4.680,00 €" in text and "5.320,00 €" in text
    assert 'href="/my/order-budgets/%d"' % world["budget"] in page.text
    assert 'class="progress-bar progress-bar-success"' in page.text
    assert "width: 46.8%" in page.text and "46,8 %" in text
    assert "AB-%d-ZWE" % berlin_year() not in text and "/my/order-budgets/%d" % world["other_budget"] \
        not in page.text


def test_budget_page_shows_figures_and_calls(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Auftragsbudget AB-%d-BUD" % berlin_year() in text
    assert "Projektbegleitung Neubau Rathaus" in text and "Genehmigt" in text
    assert "Abruf beantragen" in text
    assert 'href="/my/budget-projects/%d"' % world["project"] in page.text
    assert "Glasfaser Bauhof" not in text


# ---------------------------------------------------------------------------- requests


def test_request_a_call_with_a_german_amount(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    form = portal.get(portal.url("/my/order-budgets/%d/call" % world["budget"]))
    assert form.status_code == 200
    assert "Abruf beantragen" in text_of(form.text) and "5.320,00 €" in text_of(form.text)
    description = "WLAN Bürgerbüro %s" % world["stamp"]
    answer = request_call(portal, world["budget"], description, "1.234,56",
                          token=csrf_token_in(form))
    assert answer.status_code in (302, 303), answer.text[:500]
    assert "/my/order-budgets/%d?requested=" % world["budget"] in answer.headers["Location"]
    created = [call for call in calls_of(world, world["budget"]) if call["name"] == description]
    assert len(created) == 1
    assert created[0]["amount"] == 1234.56 and created[0]["state"] == "requested"
    assert created[0]["requested_by_id"][0] == world["clerk"]["partner_id"]
    page = portal.get(answer.headers["Location"] if answer.headers["Location"].startswith(
        "http") else portal.url(answer.headers["Location"]))
    assert "Ihr Abruf ist erfasst" in text_of(page.text)
    assert "1.234,56 €" in text_of(page.text)
    # a request draws nothing yet
    assert budget_figures(world, world["budget"])["amount_consumed"] == 4680.0


def test_request_with_a_decimal_point(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    description = "Monitore %s" % world["stamp"]
    answer = request_call(portal, world["budget"], description, "250.5")
    assert answer.status_code in (302, 303), answer.text[:500]
    assert [call["amount"] for call in calls_of(world, world["budget"])
            if call["name"] == description] == [250.5]


@pytest.mark.parametrize("description, amount, message", [
    ("", "100,00", "Beschreiben Sie, was Sie abrufen."),
    ("   ", "100,00", "Beschreiben Sie, was Sie abrufen."),
    ("Kabel", "", "Geben Sie den Betrag in Euro mit höchstens zwei Nachkommastellen ein"),
    ("Kabel", "hundert", "Geben Sie den Betrag in Euro mit höchstens zwei Nachkommastellen ein"),
    ("Kabel", "12,345", "Geben Sie den Betrag in Euro mit höchstens zwei Nachkommastellen ein"),
    ("Kabel", "-5", "Geben Sie den Betrag in Euro mit höchstens zwei Nachkommastellen ein"),
    ("Kabel", "0,00", "Der Betrag muss größer als null sein."),
    ("Neue Telefonanlage", "9.999,99", "verbleiben nur"),
])
def test_bad_input_is_refused_and_nothing_saved(browser_factory, world, description,
                                                amount, message):
    portal = login(browser_factory, world["clerk"])
    before = calls_of(world, world["budget"])
    answer = request_call(portal, world["budget"], description, amount)
    assert answer.status_code == 400
    text = text_of(answer.text)
    assert message in text
    assert 'value="%s"' % amount in answer.text, "the entered amount is kept"
    assert calls_of(world, world["budget"]) == before


def test_over_budget_message_names_what_remains(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    remaining = budget_figures(world, world["budget"])["amount_remaining"]
    answer = request_call(portal, world["budget"], "Serverschrank", "9.999,99")
    assert answer.status_code == 400
    expected = ("{:,.2f}".format(remaining).replace(",", "X").replace(".", ",")
                .replace("X", "."))
    assert "Im Auftragsbudget AB-%d-BUD verbleiben nur %s €" % (berlin_year(), expected) in text_of(answer.text)


def test_a_past_years_budget_takes_no_calls(browser_factory, world):
    """A call belongs to the budget of its year: Lübtheen's budget of 2021 says why it
    takes no calls, offers neither request nor approval, and refuses a request with that
    reason, saving nothing."""
    admin, call_kw = world["admin"], world["call_kw"]
    budget = call_kw("ksm.order.budget", "search", [
        ("partner_id", "=", admin.xmlid("ksm_membership.partner_luebtheen")),
        ("year", "=", 2021)])[0]
    waiting = admin.xmlid("ksm_helpdesk_order_budget.call_luebtheen_file_server")  # requested in 2021
    portal = browser_factory("luebtheen", "luebtheen")  # the mayor, a signatory
    page = portal.get(portal.url("/my/order-budgets/%d" % budget))
    assert page.status_code == 200
    reason = "ist das Budget für 2021: Seine Abrufe werden 2021 beantragt und genehmigt"
    assert reason in text_of(page.text)
    assert "o_ksm_request_call" not in page.text
    assert 'data-call-id="%d"' % waiting in page.text
    assert 'action="/my/order-calls/%d/approve"' % waiting not in page.text
    before = calls_of(world, budget)
    answer = request_call(portal, budget, "Monitore Bürgerbüro", "100,00")
    assert answer.status_code == 400
    assert reason in text_of(answer.text)
    assert calls_of(world, budget) == before
    answer = portal.post(portal.url("/my/order-calls/%d/approve" % waiting), data={
        "csrf_token": csrf_token_in(page)}, allow_redirects=False)
    assert answer.status_code == 403 and reason in text_of(answer.text)
    assert call_kw("ksm.order.call", "read", [waiting], ["state"])[0]["state"] == "requested"


def test_request_without_csrf_token_is_refused(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    before = calls_of(world, world["budget"])
    answer = portal.post(portal.url("/my/order-budgets/%d/call" % world["budget"]), data={
        "description": "Ohne Token", "amount": "10"}, allow_redirects=False)
    assert answer.status_code in (400, 403)
    assert calls_of(world, world["budget"]) == before


# ---------------------------------------------------------------------------- approval


def _requested_call(world, name, amount):
    return world["call_kw"]("ksm.order.call", "create", {
        "budget_id": world["budget"], "name": "%s %s" % (name, world["stamp"]),
        "amount": amount, "requested_by_id": world["clerk"]["partner_id"]})


def _post_decision(portal, world, call_id, decision, **data):
    token = csrf_token_in(portal.get(portal.url("/my/order-budgets/%d" % world["budget"])))
    if decision == "refuse":
        data.setdefault("reason", "Kein Bedarf mehr")
    return portal.post(portal.url("/my/order-calls/%d/%s" % (call_id, decision)),
                       data=dict(data, csrf_token=token), allow_redirects=False)


def _state(world, call_id):
    return world["call_kw"]("ksm.order.call", "read", [call_id],
                            ["state", "approved_by_id"])[0]


def test_signatory_approves_a_requested_call(browser_factory, world):
    call_id = _requested_call(world, "Access Points", 800.0)
    consumed = budget_figures(world, world["budget"])["amount_consumed"]
    portal = login(browser_factory, world["signatory"])
    page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert 'action="/my/order-calls/%d/approve"' % call_id in page.text
    answer = _post_decision(portal, world, call_id, "approve")
    assert answer.status_code in (302, 303), answer.text[:500]
    state = _state(world, call_id)
    assert state["state"] == "approved"
    assert state["approved_by_id"][0] == world["signatory"]["partner_id"]
    assert budget_figures(world, world["budget"])["amount_consumed"] == consumed + 800.0
    page = portal.get(portal.url("/my/order-budgets/%d?approved=%d" % (world["budget"],
                                                                       call_id)))
    assert "Sie haben den Abruf genehmigt." in text_of(page.text)


def test_signatory_refuses_a_requested_call_saying_why(browser_factory, world):
    call_id = _requested_call(world, "Beamer", 650.0)
    portal = login(browser_factory, world["signatory"])
    page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert re.search(r'<input[^>]*name="reason"[^>]*required', page.text), \
        "the refusal form asks for the reason"
    for reason in ("", "   "):
        answer = _post_decision(portal, world, call_id, "refuse", reason=reason)
        assert answer.status_code == 403
        assert "Bitte geben Sie den Grund für die Ablehnung des Abrufs an" in \
            text_of(answer.text)
        assert _state(world, call_id)["state"] == "requested"
    answer = _post_decision(portal, world, call_id, "refuse",
                            reason="Im Haushalt nicht gedeckt")
    assert answer.status_code in (302, 303), answer.text[:500]
    assert _state(world, call_id)["state"] == "refused"
    page = portal.get(portal.url("/my/order-calls/%d" % call_id))
    assert "Grund der Ablehnung" in text_of(page.text)
    assert "Im Haushalt nicht gedeckt" in text_of(page.text)


def test_the_requester_cannot_approve_her_own_call(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    description = "Eigener Abruf %s" % world["stamp"]
    answer = request_call(portal, world["budget"], description, "120,00")
    assert answer.status_code in (302, 303), answer.text[:500]
    call_id = [call["id"] for call in calls_of(world, world["budget"])
               if call["name"] == description][0]
    page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert 'action="/my/order-calls/%d/approve"' % call_id not in page.text
    assert "Von Ihnen beantragt: Eine andere zeichnungsberechtigte Person genehmigt ihn" in \
        text_of(page.text)
    # the server refuses it as well
    answer = _post_decision(portal, world, call_id, "approve")
    assert answer.status_code == 403
    assert "hat den Abruf „%s“ angefordert und kann ihn nicht auch genehmigen" % \
        description in text_of(answer.text)
    assert _state(world, call_id) == {"id": call_id, "state": "requested",
                                      "approved_by_id": False}


def test_the_approval_shows_who_and_when_in_local_time(browser_factory, world):
    call_id = _requested_call(world, "Notebooks", 90.0)
    portal = login(browser_factory, world["signatory"])
    assert _post_decision(portal, world, call_id, "approve").status_code in (302, 303)
    approved_on = world["call_kw"]("ksm.order.call", "read", [call_id],
                                   ["approved_on"])[0]["approved_on"]
    moment = pytz.UTC.localize(datetime.datetime.strptime(approved_on, "%Y-%m-%d %H:%M:%S"))
    local = moment.astimezone(pytz.timezone("Europe/Berlin"))
    expected = "Test %s, %s %s" % (world["signatory"]["login"], local.strftime("%d.%m.%Y %H:%M"),
                                   "MESZ" if local.dst() else "MEZ")
    for url in ("/my/order-calls/%d" % call_id, "/my/order-budgets/%d" % world["budget"]):
        assert expected in text_of(portal.get(portal.url(url)).text), url


def test_a_description_longer_than_the_form_allows_is_refused(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    before = calls_of(world, world["budget"])
    answer = request_call(portal, world["budget"], "x" * 250, "10,00")
    assert answer.status_code == 400
    assert "Die Beschreibung eines Abrufs darf höchstens 200 Zeichen lang sein; diese " \
        "hat 250." in text_of(answer.text)
    assert calls_of(world, world["budget"]) == before


def test_clerk_cannot_approve(browser_factory, world):
    call_id = _requested_call(world, "Dokumentenscanner", 300.0)
    portal = login(browser_factory, world["clerk"])
    page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert 'action="/my/order-calls/%d/approve"' % call_id not in page.text
    assert "Wartet auf die Genehmigung Ihrer zeichnungsberechtigten Person" in text_of(page.text)
    for decision in ("approve", "refuse"):
        answer = _post_decision(portal, world, call_id, decision)
        assert answer.status_code == 403
        assert "darf den Abruf" in text_of(answer.text)
        assert "Das kann nur eine zeichnungsberechtigte Person" in text_of(answer.text)
        assert _state(world, call_id) == {"id": call_id, "state": "requested",
                                          "approved_by_id": False}


def test_approval_beyond_what_remains_is_refused(browser_factory, world):
    remaining = budget_figures(world, world["budget"])["amount_remaining"]
    first = _requested_call(world, "Erster Teil", remaining)
    second = _requested_call(world, "Zweiter Teil", 1.0)
    portal = login(browser_factory, world["signatory"])
    assert _post_decision(portal, world, first, "approve").status_code in (302, 303)
    answer = _post_decision(portal, world, second, "approve")
    assert answer.status_code == 403
    assert "verbleiben nur 0,00 €" in text_of(answer.text)
    assert _state(world, second)["state"] == "requested"
    page = portal.get(portal.url("/my/order-budgets/%d" % world["budget"]))
    assert "progress-bar-danger" in page.text  # 100 % consumed
    warnings = world["call_kw"]("mail.activity", "search_read", [
        ("res_model", "=", "ksm.order.budget"), ("res_id", "=", world["budget"])],
        ["summary"])
    assert [warning["summary"] for warning in warnings] == [
        "Auftragsbudget zu 80 % verbraucht"]


# ---------------------------------------------------------------------------- projects


def test_project_budgets_show_budget_consumed_and_remaining(browser_factory, world):
    portal = login(browser_factory, world["clerk"])
    page = portal.get(portal.url("/my/budget-projects"))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Projektbegleitung Neubau Rathaus" in text
    # 10,5 h x 78,00 € = 819,00 € of 4.680,00 €
    assert "4.680,00 €" in text and "819,00 €" in text and "3.861,00 €" in text
    assert "Glasfaser Bauhof" not in text
    page = portal.get(portal.url("/my/budget-projects/%d" % world["project"]))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "60,00" in text and "10,50" in text and "49,50" in text
    assert "Planung Serverraum" in text and "12.01.%d" % berlin_year() in text
    assert "507,00 €" in text
    assert "78,00 €" in text


# ---------------------------------------------------------------------------- isolation


@pytest.mark.parametrize("path", [
    "/my/order-budgets/{other_budget}",
    "/my/order-budgets/{other_budget}/call",
    "/my/budget-projects/{other_project}",
    "/my/order-budgets/999999999",
    "/my/budget-projects/999999999",
])
def test_another_traegers_records_are_not_found(browser_factory, world, path):
    portal = login(browser_factory, world["signatory"])
    answer = portal.get(portal.url(path.format(**world)))
    assert answer.status_code == 404
    assert "Glasfaser Bauhof" not in answer.text and "AB-%d-ZWE" % berlin_year() not in answer.text


def test_another_traegers_budget_cannot_be_drawn_on(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    before = calls_of(world, world["other_budget"])
    token = csrf_token_in(portal.get(portal.url("/my/order-budgets/%d" % world["budget"])))
    answer = request_call(portal, world["other_budget"], "Fremder Abruf", "10,00",
                          token=token)
    assert answer.status_code == 404
    assert calls_of(world, world["other_budget"]) == before


def test_another_traegers_call_cannot_be_approved(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    for decision in ("approve", "refuse"):
        answer = _post_decision(portal, world, world["other_requested"], decision)
        assert answer.status_code == 404
    assert _state(world, world["other_requested"])["state"] == "requested"


def test_json_rpc_shows_only_own_records(browser_factory, world):
    portal = login(browser_factory, world["signatory"])
    budgets = portal.call_kw("ksm.order.budget", "search_read", [[]], {"fields": ["name"]})
    assert [budget["id"] for budget in budgets] == [world["budget"]]
    calls = portal.call_kw("ksm.order.call", "search_read", [[]], {"fields": ["name"]})
    assert world["other_call"] not in [call["id"] for call in calls]
    with pytest.raises(RuntimeError):
        portal.call_kw("ksm.order.call", "read", [[world["other_call"]], ["name"]])
    with pytest.raises(RuntimeError):
        portal.call_kw("project.project", "read", [[world["other_project"]], ["name"]])
    with pytest.raises(RuntimeError):
        portal.call_kw("ksm.order.call", "create", [{
            "budget_id": world["budget"], "name": "Direkt", "amount": 1.0}])
