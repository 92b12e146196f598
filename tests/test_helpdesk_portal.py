"""The helpdesk in the portal over real HTTP: Träger staff open tickets with a service and
attachments, follow and answer them with their colleagues, see their service levels;
nobody sees or closes another Träger's ticket; invoices are for the finance and
signatory contacts only; nobody gives themselves a role.

Uses the demo users of Stadt Lübtheen (``luebtheen``: the mayor, signatory;
``luebtheen-it``: IT staff without finance or signatory role; ``luebtheen-kaemmerei``:
finance) and of Landeshauptstadt Schwerin (``schwerin``).
"""
import base64
import datetime
import re
import time
from zoneinfo import ZoneInfo

import pytest

from .conftest import Browser, post_ticket, text_of

MAYOR, STAFF, FINANCE, STRANGER = "luebtheen", "luebtheen-it", "luebtheen-kaemmerei", "schwerin"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def berlin(utc_text):
    """'2026-11-23 08:30:00' (UTC) -> '23.11.2026 09:30' as the portal shows it."""
    moment = datetime.datetime.strptime(utc_text, "%Y-%m-%d %H:%M:%S").replace(
        tzinfo=datetime.timezone.utc)
    return moment.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d.%m.%Y %H:%M")


def ticket_count(backoffice):
    return backoffice.call_kw("helpdesk.ticket", "search_count", [[]])


def read(backoffice, model, record_id, fields):
    return backoffice.call_kw(model, "read", [[record_id], fields])[0]


@pytest.fixture(scope="module")
def demo(backoffice):
    return {
        "luebtheen": backoffice.xmlid("ksm_membership.partner_luebtheen"),
        "schwerin": backoffice.xmlid("ksm_membership.partner_schwerin"),
        "service": backoffice.xmlid("ksm_services.svc_fv_residents"),
        "team_fachverfahren": backoffice.xmlid("ksm_helpdesk.helpdesk_team_fachverfahren"),
        "stage_done": backoffice.xmlid("helpdesk_mgmt.helpdesk_ticket_stage_done"),
        "stage_new": backoffice.xmlid("helpdesk_mgmt.helpdesk_ticket_stage_new"),
        "schwerin_ticket": backoffice.xmlid("ksm_helpdesk.ticket_schwerin_gewerbe"),
        "staff_partner": read(backoffice, "res.users", backoffice.xmlid("ksm_helpdesk.user_luebtheen_it"), ["partner_id"])["partner_id"][0],
        "stranger_partner": read(backoffice, "res.users", backoffice.xmlid("ksm_membership.user_schwerin"), ["partner_id"])["partner_id"][0],
    }


@pytest.fixture(scope="module")
def ticket(odoo_server, backoffice, demo):
    """A ticket Lübtheen's IT staff opened in the portal, with a screenshot."""
    portal = Browser(odoo_server.url)
    portal.login(STAFF, STAFF)
    title = "Einwohnermeldeverfahren: Druck der Meldebescheinigung bricht ab %d" % time.time()
    response = post_ticket(
        portal, subject="  %s " % title, priority="2", service_id=str(demo["service"]),
        description="Seit dem Update erscheint Fehler 0815.\nBetroffen: Bürgerbüro.",
        files=[("attachment", ("fehlermeldung.png", PNG, "image/png"))])
    portal.close()
    assert response.status_code in (302, 303), response.text[:500]
    location = re.sub(r"^https?://[^/]+", "", response.headers["Location"])
    match = re.search(r"^/my/ticket/(\d+)\?created=1$", location)
    assert match, location
    return {"id": int(match.group(1)), "title": title, "location": location}


# ------------------------------------------------------------------ opening tickets


def test_form_offers_the_catalogue_services_in_german(browser_factory, backoffice, demo):
    portal = browser_factory(STAFF, STAFF)
    page = portal.get(portal.url("/new/ticket"))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Neues Ticket" in text and "Weiß ich nicht / Sonstiges" in text
    assert "Priorität" in text and "Sehr hoch" in text and "Ticket senden" in text
    for control in ('<input type="text" class="form-control" name="subject"',
                    '<select class="form-control" name="service_id"',
                    '<select class="form-control" name="priority"',
                    '<textarea class="form-control" name="description"',
                    '<input type="file" class="form-control" name="attachment"'):
        assert control in page.text, control
    assert '<option value="%d"' % demo["service"] in page.text
    # budgets and reserves are no subject of a ticket
    for budget in ("ksm_services.svc_order_budget", "ksm_services.svc_reserve"):
        assert '<option value="%d"' % backoffice.xmlid(budget) not in page.text


def test_ticket_with_service_and_attachment_is_saved(backoffice, demo, ticket, browser_factory):
    values = read(backoffice, "helpdesk.ticket", ticket["id"], [
        "name", "description", "partner_id", "ksm_traeger_id", "ksm_service_id", "priority",
        "team_id", "channel_id", "ksm_response_deadline", "ksm_resolution_deadline",
        "message_partner_ids", "attachment_ids", "number"])
    assert values["name"] == ticket["title"]
    assert "Fehler 0815" in values["description"]
    assert values["partner_id"][0] == demo["staff_partner"]
    assert values["ksm_traeger_id"][0] == demo["luebtheen"]
    assert values["ksm_service_id"][0] == demo["service"]
    assert values["priority"] == "2"
    assert values["team_id"][0] == demo["team_fachverfahren"]  # team of the category
    assert values["channel_id"][0] == backoffice.xmlid("helpdesk_mgmt.helpdesk_ticket_channel_web")
    assert values["ksm_response_deadline"] and values["ksm_resolution_deadline"]
    assert demo["staff_partner"] in values["message_partner_ids"]
    attachment = read(backoffice, "ir.attachment", values["attachment_ids"][0],
                      ["datas_fname", "datas", "res_model", "res_id"])
    assert attachment["datas_fname"] == "fehlermeldung.png"
    assert base64.b64decode(attachment["datas"]) == PNG

    portal = browser_factory(STAFF, STAFF)
    page = text_of(portal.get(portal.url(ticket["location"])).text)
    assert "Vielen Dank: Ihr Ticket ist bei uns eingegangen, Nummer %s" % values["number"] in page
    assert "Fachverfahrensbetreuung Einwohnermeldewesen" in page and "Hoch" in page
    assert "Antwort bis %s" % berlin(values["ksm_response_deadline"]) in page
    assert "Lösung bis %s" % berlin(values["ksm_resolution_deadline"]) in page
    assert "fehlermeldung.png" in page
    download = portal.get(portal.url("/web/content/%d?download=true"
                                     % values["attachment_ids"][0]))
    assert download.status_code == 200 and download.content == PNG


@pytest.mark.parametrize("fields, message", [
    ({"subject": "", "description": "Etwas"}, "Bitte geben Sie einen Titel ein"),
    ({"subject": "Titel", "description": "   "}, "Bitte beschreiben Sie die Störung"),
    ({"subject": "x" * 201, "description": "Etwas"}, "weniger als 200 Zeichen"),
    ({"subject": "Titel", "description": "Etwas", "service_id": "999999"},
     "gehört nicht zum Leistungskatalog der KSM"),
    ({"subject": "Titel", "description": "Etwas", "service_id": "abc"},
     "gehört nicht zum Leistungskatalog der KSM"),
    ({"subject": "Titel", "description": "Etwas", "priority": "9"},
     "Bitte wählen Sie die Priorität aus der Liste"),
])
def test_bad_input_is_refused_in_german_and_nothing_is_saved(browser_factory, backoffice,
                                                              fields, message):
    portal = browser_factory(STAFF, STAFF)
    before = ticket_count(backoffice)
    response = post_ticket(portal, **fields)
    assert response.status_code == 400
    text = text_of(response.text)
    assert message in text
    assert "Es wurde noch nichts gespeichert" in text
    assert ticket_count(backoffice) == before


def test_a_service_outside_the_catalogue_is_refused(browser_factory, backoffice):
    product = backoffice.call_kw("product.product", "create", [{
        "name": "Kaffeemaschine (kein Katalog)", "type": "consu"}])
    portal = browser_factory(STAFF, STAFF)
    before = ticket_count(backoffice)
    response = post_ticket(portal, subject="Titel", description="Etwas",
                           service_id=str(product))
    assert response.status_code == 400
    assert ticket_count(backoffice) == before


def test_too_many_files_are_refused(browser_factory, backoffice):
    portal = browser_factory(STAFF, STAFF)
    before = ticket_count(backoffice)
    files = [("attachment", ("bild%d.png" % n, PNG, "image/png")) for n in range(11)]
    response = post_ticket(portal, subject="Titel", description="Etwas", files=files)
    assert response.status_code == 400
    assert "höchstens 10 Dateien" in text_of(response.text)
    assert ticket_count(backoffice) == before


def test_csrf_token_and_post_are_required(browser_factory, backoffice):
    portal = browser_factory(STAFF, STAFF)
    before = ticket_count(backoffice)
    without_token = portal.post(portal.url("/submitted/ticket"), data={
        "subject": "Ohne Token", "description": "Kein Token"}, allow_redirects=False)
    assert without_token.status_code == 400
    by_get = portal.get(portal.url("/submitted/ticket?subject=Per+GET&description=x"),
                        allow_redirects=False)
    assert by_get.status_code == 405
    assert ticket_count(backoffice) == before


# ------------------------------------------------------------------ seeing and answering


def test_colleagues_see_the_ticket(browser_factory, ticket):
    for login in (MAYOR, FINANCE):
        colleague = browser_factory(login, login)
        listing = text_of(colleague.get(colleague.url("/my/tickets")).text)
        assert ticket["title"] in listing, login
        page = colleague.get(colleague.url("/my/ticket/%d" % ticket["id"]))
        assert page.status_code == 200 and ticket["title"] in text_of(page.text), login


def test_other_traeger_gets_404_and_cannot_close_it(browser_factory, backoffice, demo, ticket):
    stranger = browser_factory(STRANGER, STRANGER)
    page = stranger.get(stranger.url("/my/ticket/%d" % ticket["id"]), allow_redirects=False)
    assert page.status_code == 404
    assert ticket["title"] not in page.text
    assert ticket["title"] not in stranger.get(stranger.url("/my/tickets?filterby=all")).text
    closing = stranger.post(stranger.url("/ticket/close"), data={
        "csrf_token": stranger.csrf_token("/new/ticket"), "ticket_id": str(ticket["id"]),
        "stage_id": str(demo["stage_done"])}, allow_redirects=False)
    assert closing.status_code == 404
    by_get = stranger.get(stranger.url("/ticket/close?ticket_id=%d&stage_id=%d"
                                       % (ticket["id"], demo["stage_done"])),
                          allow_redirects=False)
    assert by_get.status_code == 405
    assert read(backoffice, "helpdesk.ticket", ticket["id"], ["stage_id"])["stage_id"][0] \
        != demo["stage_done"]
    with pytest.raises(RuntimeError):
        stranger.call_kw("helpdesk.ticket", "read", [[ticket["id"]], ["name"]])
    assert stranger.call_kw("helpdesk.ticket", "search", [[("id", "=", ticket["id"])]]) == []


def test_following_another_traegers_ticket_shows_nothing(browser_factory, backoffice, demo,
                                                         ticket):
    backoffice.call_kw("helpdesk.ticket", "message_subscribe", [[ticket["id"]]], {
        "partner_ids": [demo["stranger_partner"]]})
    stranger = browser_factory(STRANGER, STRANGER)
    assert stranger.get(stranger.url("/my/ticket/%d" % ticket["id"])).status_code == 404
    assert stranger.call_kw("helpdesk.ticket", "search", [[("id", "=", ticket["id"])]]) == []


def test_unknown_and_foreign_ids_are_not_found(browser_factory, demo):
    portal = browser_factory(MAYOR, MAYOR)
    for ticket_id in (demo["schwerin_ticket"], 987654321):
        assert portal.get(portal.url("/my/ticket/%d" % ticket_id)).status_code == 404


def test_colleague_answers_in_the_ticket(browser_factory, backoffice, demo, ticket):
    colleague = browser_factory(FINANCE, FINANCE)
    page = colleague.url("/my/ticket/%d" % ticket["id"])
    response = colleague.post(colleague.url("/mail/chatter_post"), data={
        "csrf_token": colleague.csrf_token("/my/ticket/%d" % ticket["id"]),
        "res_model": "helpdesk.ticket", "res_id": str(ticket["id"]),
        "message": "Auch die Kämmerei kann nicht drucken."},
        headers={"Referer": page}, allow_redirects=False)
    assert response.status_code in (302, 303)
    chatter = colleague.json_rpc("/mail/chatter_init", {
        "res_model": "helpdesk.ticket", "res_id": ticket["id"], "allow_composer": True})
    bodies = [message["body"] for message in chatter["result"]["messages"]]
    assert any("Auch die Kämmerei kann nicht drucken." in body for body in bodies)
    assert chatter["result"]["options"]["display_composer"]

    # another Träger's contact, even as a follower (e.g. in copy of a mail), cannot write
    backoffice.call_kw("helpdesk.ticket", "message_subscribe", [[ticket["id"]]], {
        "partner_ids": [demo["stranger_partner"]]})
    stranger = browser_factory(STRANGER, STRANGER)
    stranger.post(stranger.url("/mail/chatter_post"), data={
        "csrf_token": stranger.csrf_token("/new/ticket"), "res_model": "helpdesk.ticket",
        "res_id": str(ticket["id"]), "message": "Fremder Eintrag"},
        headers={"Referer": stranger.url("/my")}, allow_redirects=False)
    messages = backoffice.call_kw("mail.message", "search_read", [[
        ("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket["id"])]], {"fields": ["body"]})
    assert not any("Fremder Eintrag" in message["body"] for message in messages)


def test_traeger_closes_its_ticket(browser_factory, backoffice, demo):
    portal = browser_factory(STAFF, STAFF)
    response = post_ticket(portal, subject="Hat sich erledigt %d" % time.time(),
                           description="Neustart hat geholfen.")
    ticket_id = int(re.search(r"/my/ticket/(\d+)", response.headers["Location"]).group(1))
    page = portal.get(portal.url("/my/ticket/%d" % ticket_id)).text
    assert 'action="/ticket/close"' in page
    assert "Als gelöst schließen" in text_of(page) and "Zurückziehen" in text_of(page)
    closing = portal.post(portal.url("/ticket/close"), data={
        "csrf_token": portal.csrf_token("/my/ticket/%d" % ticket_id),
        "ticket_id": str(ticket_id), "stage_id": str(demo["stage_done"])},
        allow_redirects=False)
    assert closing.status_code in (302, 303)
    values = read(backoffice, "helpdesk.ticket", ticket_id, [
        "stage_id", "ksm_resolved_at", "ksm_first_response_at"])
    assert values["stage_id"][0] == demo["stage_done"]
    assert values["ksm_resolved_at"] and not values["ksm_first_response_at"]
    # only closing stages: "New" is no way to reopen or move a ticket
    moving = portal.post(portal.url("/ticket/close"), data={
        "csrf_token": portal.csrf_token("/new/ticket"), "ticket_id": str(ticket_id),
        "stage_id": str(demo["stage_new"])}, allow_redirects=False)
    assert moving.status_code == 404


# ------------------------------------------------------------------ service levels


def test_service_level_page_shows_own_figures_only(browser_factory, backoffice, demo):
    def months(traeger):
        """The months of the last year (the portal's window) with the Träger's tickets."""
        today = datetime.date.today()
        month = today.year * 12 + today.month - 1 - 11
        since = datetime.date(month // 12, month % 12 + 1, 1).isoformat()
        groups = backoffice.call_kw("ksm.sla.report", "read_group", [
            [("partner_id", "=", traeger), ("month", ">=", since)],
            ["month", "ticket_count"], ["month:month"]],
            {"orderby": "month desc", "lazy": False, "context": {"lang": "de_DE"}})
        return {group["month:month"]: group["ticket_count"] for group in groups}

    portal = browser_factory(MAYOR, MAYOR)
    page = portal.get(portal.url("/my/sla"))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Servicelevel: Stadt Lübtheen" in text
    assert "So schnell haben wir Ihre Tickets bearbeitet" in text
    own = months(demo["luebtheen"])
    assert own, "the demo has tickets of Lübtheen with service levels"
    for label, count in own.items():
        assert "%s %d" % (label, count) in text, label
    assert re.search(r"\d+,\d %", text)  # rates the German way
    assert "Sehr hoch 1,0 h 4,0 h" in text  # the service levels of all categories
    assert "Montag 07:30 – 16:00" in text and "Freitag 07:30 – 13:00" in text
    stranger = browser_factory(STRANGER, STRANGER)
    other = text_of(stranger.get(stranger.url("/my/sla")).text)
    assert "Servicelevel: Landeshauptstadt Schwerin" in other and "Lübtheen" not in other
    assert "Landeshauptstadt Schwerin" not in text


def test_ticket_list_in_german_with_deadlines(browser_factory, backoffice, ticket):
    portal = browser_factory(STAFF, STAFF)
    text = text_of(portal.get(portal.url("/my/tickets")).text)
    assert "Die Tickets aller Beschäftigten Ihrer Verwaltung." in text
    assert "Gemeldet von" in text and "Lösung bis" in text
    deadline = read(backoffice, "helpdesk.ticket", ticket["id"], ["ksm_resolution_deadline"])
    assert berlin(deadline["ksm_resolution_deadline"]) in text


# ------------------------------------------------------------------ roles


@pytest.fixture(scope="module")
def invoice(backoffice, demo):
    account = backoffice.call_kw("account.account", "search", [[
        ("internal_type", "=", "other")]], {"limit": 1})[0]
    invoice = backoffice.call_kw("account.invoice", "create", [{
        "partner_id": demo["luebtheen"], "type": "out_invoice",
        "invoice_line_ids": [(0, 0, {"name": "Projektleistung Rollentest", "quantity": 2,
                                     "price_unit": 78.0, "account_id": account})]}])
    backoffice.call_kw("account.invoice", "action_invoice_open", [[invoice]])
    return invoice


def test_staff_without_role_get_no_invoices(browser_factory, invoice):
    staff = browser_factory(STAFF, STAFF)
    listing = staff.get(staff.url("/my/invoices"), allow_redirects=False)
    assert listing.status_code == 403
    assert "Rolle Finanzen" in text_of(listing.text)
    for path in ("/my/invoices/%d", "/my/invoices/pdf/%d", "/my/invoices/%d/xrechnung"):
        response = staff.get(staff.url(path % invoice), allow_redirects=False)
        assert response.status_code in (403, 404), path
    with pytest.raises(RuntimeError):
        staff.call_kw("account.invoice", "read", [[invoice], ["number"]])
    assert staff.call_kw("account.invoice", "search", [[("id", "=", invoice)]]) == []


def test_finance_and_signatory_get_the_invoices(browser_factory, invoice):
    for login in (FINANCE, MAYOR):
        portal = browser_factory(login, login)
        assert "/my/invoices/%d" % invoice in portal.get(portal.url("/my/invoices")).text
        assert portal.get(portal.url("/my/invoices/%d" % invoice)).status_code == 200
        pdf = portal.get(portal.url("/my/invoices/pdf/%d" % invoice))
        assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF", login


def test_other_traegers_staff_get_404_for_the_invoice(browser_factory, invoice):
    stranger = browser_factory(STRANGER, STRANGER)
    for path in ("/my/invoices/%d", "/my/invoices/pdf/%d"):
        assert stranger.get(stranger.url(path % invoice),
                            allow_redirects=False).status_code == 404


def test_portal_user_cannot_give_themselves_a_role(browser_factory, backoffice, demo):
    staff = browser_factory(STAFF, STAFF)
    partner = read(backoffice, "res.partner", demo["staff_partner"], [
        "name", "email", "phone", "street", "city", "country_id", "zip",
        "ksm_role_finance", "ksm_role_signatory"])
    form = {
        "csrf_token": staff.csrf_token("/my/account"), "name": partner["name"],
        "email": partner["email"], "phone": partner["phone"] or "038855 123",
        "street": partner["street"] or "Salzstraße 17", "city": partner["city"] or "Lübtheen",
        "zipcode": partner["zip"] or "19249",
        "country_id": str(partner["country_id"][0] if partner["country_id"]
                          else backoffice.xmlid("base.de")),
        "ksm_role_finance": "1", "ksm_role_signatory": "on"}
    response = staff.post(staff.url("/my/account"), data=form, allow_redirects=False)
    assert response.status_code == 400  # the form again, with the refusal
    assert "ksm_role_finance" in response.text and "alert" in response.text
    for call in (("res.partner", demo["staff_partner"]),
                 ("res.users", backoffice.xmlid("ksm_helpdesk.user_luebtheen_it"))):
        with pytest.raises(RuntimeError):
            staff.call_kw(call[0], "write", [[call[1]], {"ksm_role_finance": True}])
    after = read(backoffice, "res.partner", demo["staff_partner"],
                 ["ksm_role_finance", "ksm_role_signatory"])
    assert not after["ksm_role_finance"] and not after["ksm_role_signatory"]
