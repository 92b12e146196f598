"""Portal 'My schools' over real HTTP: school staff see their school only, a Träger's
staff all its schools, nobody another Träger's; the ticket form refuses bad input and
saves nothing then; the replacement planning prints as a German PDF; Lübtheen's 2021
School IT sheet prints 28.600,00 € with its financing by grants and own funds, and its
lines show on each school's page for that school only.

Uses the demo data of ksm_schul_it (Lübtheen's Grundschule and Regionale Schule, the
school user ``schule-luebtheen`` of the Grundschule, the Träger user ``luebtheen``, the
sheet SS-2021-LÜB-SIT-V1) and creates a second Träger with a school, a device, a ticket
and a portal user.
"""
import io
import re
import time

import pypdf
import pytest

from .conftest import text_of

SCHOOL_USER = "schule-luebtheen"
TRAEGER_USER = "luebtheen"


def german_amount(value):
    """26640.0 -> '26.640,00 €'"""
    return "{:,.2f} €".format(value).replace(",", "X").replace(".", ",").replace("X", ".")


@pytest.fixture(scope="module")
def demo(backoffice):
    def ref(xmlid):
        return backoffice.call_kw("ir.model.data", "xmlid_to_res_id", [xmlid])

    return {
        "school": ref("ksm_schul_it.school_grundschule_luebtheen"),
        "other_school": ref("ksm_schul_it.school_regionale_schule_luebtheen"),
        "device": ref("ksm_schul_it.device_gs_notebook_lehrerzimmer_1"),
        "other_school_device": ref("ksm_schul_it.device_rs_server"),
        "other_school_ticket": ref("ksm_schul_it.ticket_rs_wlan_raum_12"),
        "team": ref("ksm_schul_it.helpdesk_team_schul_it"),
        "school_user": ref("ksm_schul_it.user_schule_luebtheen"),
        "traeger": ref("ksm_membership.partner_luebtheen"),
        "sheet": ref("ksm_schul_it.sheet_luebtheen_2021_school_it"),
    }


@pytest.fixture(scope="module")
def foreign(backoffice):
    """Another Träger with a school, a device, a ticket and a portal user."""
    suffix = str(int(time.time() * 1000))
    call = backoffice.call_kw
    traeger = call("res.partner", "create", [{
        "name": "Stadt Anderswo %s" % suffix, "is_company": True, "ksm_is_traeger": True}])
    school = call("ksm.school", "create", [{
        "name": "Gymnasium Anderswo %s" % suffix, "partner_id": traeger,
        "school_type": "gymnasium"}])
    device = call("ksm.device", "create", [{
        "name": "Tafel Anderswo", "partner_id": traeger, "school_id": school,
        "kind": "display", "purchase_date": "2015-01-01", "purchase_value": 4000.0}])
    ticket = call("helpdesk.ticket", "create", [{
        "name": "Störung in Anderswo %s" % suffix, "ksm_school_id": school}])
    login = "anderswo-%s" % suffix
    user = call("res.users", "create", [{
        "name": "Anna Anders", "login": login, "password": login, "parent_id": traeger,
        "lang": "de_DE", "groups_id": [(6, 0, [call(
            "ir.model.data", "xmlid_to_res_id", ["base.group_portal"])])]}],
        {"context": {"no_reset_password": True}})
    yield {"traeger": traeger, "school": school, "device": device, "ticket": ticket,
           "login": login, "name": "Gymnasium Anderswo %s" % suffix}
    call("res.users", "unlink", [[user]])
    call("helpdesk.ticket", "unlink", [[ticket]])
    call("ksm.device", "unlink", [[device]])
    partner = call("ksm.school", "read", [[school], ["school_partner_id"]])[0]
    call("ksm.school", "unlink", [[school]])
    call("res.partner", "unlink", [[partner["school_partner_id"][0], traeger]])


def pdf_text(response):
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def ticket_count(backoffice):
    return backoffice.call_kw("helpdesk.ticket", "search_count", [[]])


# ------------------------------------------------------------------ seeing


def test_my_home_links_my_schools(browser_factory):
    portal = browser_factory(SCHOOL_USER)
    page = portal.get(portal.url("/my"))
    assert page.status_code == 200
    assert "Meine Schulen" in page.text and 'href="/my/schools"' in page.text


def test_school_user_sees_own_school_only(browser_factory, demo):
    portal = browser_factory(SCHOOL_USER)
    schools = text_of(portal.get(portal.url("/my/schools")).text)
    assert "Grundschule Lübtheen" in schools
    assert "Regionale Schule Lübtheen" not in schools

    page = portal.get(portal.url("/my/schools/%d" % demo["school"]))
    assert page.status_code == 200
    text = text_of(page.text)
    assert "Notebook Lehrerzimmer 1" in text and "Interaktive Tafel Klasse 3a" in text
    assert "Notebook im Lehrerzimmer startet nicht mehr" in text
    # nothing of the other school of the same Träger
    assert "Schulserver" not in text and "Switch Verteilerraum" not in text
    assert "WLAN in Raum 12" not in text


def test_school_page_shows_age_and_replacement_due_in_german(browser_factory, demo,
                                                             backoffice):
    portal = browser_factory(SCHOOL_USER)
    text = text_of(portal.get(portal.url("/my/schools/%d" % demo["school"])).text)
    device = backoffice.call_kw("ksm.device", "read", [[demo["device"]], [
        "purchase_date", "age_years", "replacement_due"]])[0]
    year, month, day = device["purchase_date"].split("-")
    assert device["age_years"] == 7 and device["replacement_due"]
    assert "%s.%s.%s" % (day, month, year) in text
    assert "Ersatz fällig" in text and "In Betrieb" in text
    due = backoffice.call_kw("ksm.device", "search_read", [[
        ("school_id", "=", demo["school"]), ("replacement_due", "=", True)],
        ["replacement_cost"]])
    assert len(due) == 2
    assert "Ersatz fällig: 2 von 6 Geräten, Ersatzkosten %s" % german_amount(
        sum(d["replacement_cost"] for d in due)) in text  # 2 × 1.004,50 €


def test_school_user_gets_404_for_other_schools(browser_factory, demo, foreign):
    portal = browser_factory(SCHOOL_USER)
    for school in (demo["other_school"], foreign["school"], 999999):
        response = portal.get(portal.url("/my/schools/%d" % school))
        assert response.status_code == 404, school
        assert "Schulserver" not in response.text and "Anderswo" not in response.text


def test_school_user_cannot_open_other_school_ticket(browser_factory, demo):
    portal = browser_factory(SCHOOL_USER)
    response = portal.get(portal.url("/my/ticket/%d" % demo["other_school_ticket"]))
    assert "WLAN in Raum 12" not in response.text


def test_school_user_cannot_read_other_school_records_by_rpc(browser_factory, demo):
    portal = browser_factory(SCHOOL_USER)
    for model, record in (("ksm.device", demo["other_school_device"]),
                          ("helpdesk.ticket", demo["other_school_ticket"]),
                          ("ksm.school", demo["other_school"])):
        with pytest.raises(RuntimeError):
            portal.call_kw(model, "read", [[record], ["name"]])
        assert portal.call_kw(model, "search", [[("id", "=", record)]]) == []


def test_traeger_user_sees_all_schools_of_the_traeger(browser_factory, demo, foreign):
    portal = browser_factory(TRAEGER_USER)
    schools = text_of(portal.get(portal.url("/my/schools")).text)
    assert "Grundschule Lübtheen" in schools and "Regionale Schule Lübtheen" in schools
    assert foreign["name"] not in schools
    text = text_of(portal.get(portal.url("/my/schools/%d" % demo["other_school"])).text)
    assert "Schulserver" in text and "WLAN in Raum 12" in text
    assert portal.get(portal.url("/my/schools/%d" % foreign["school"])).status_code == 404


def test_other_traeger_sees_none_of_luebtheen(browser_factory, demo, foreign):
    portal = browser_factory(foreign["login"])
    schools = text_of(portal.get(portal.url("/my/schools")).text)
    assert foreign["name"] in schools and "Lübtheen" not in schools
    for school in (demo["school"], demo["other_school"]):
        assert portal.get(portal.url("/my/schools/%d" % school)).status_code == 404
    text = text_of(portal.get(portal.url("/my/schools/%d" % foreign["school"])).text)
    assert "Tafel Anderswo" in text and "Störung in Anderswo" in text


# ------------------------------------------------------------------ ticket form


def post_ticket(portal, school, allow_redirects=True, **fields):
    path = "/my/schools/%d/ticket/new" % school
    data = {"csrf_token": portal.csrf_token(path), "name": "", "description": "",
            "device_id": ""}
    data.update(fields)
    return portal.post(portal.url(path), data=data, allow_redirects=allow_redirects)


def test_ticket_form_offers_the_schools_devices_only(browser_factory, demo):
    portal = browser_factory(SCHOOL_USER)
    page = portal.get(portal.url("/my/schools/%d/ticket/new" % demo["school"]))
    assert page.status_code == 200
    assert 'value="%d"' % demo["device"] in page.text
    assert 'value="%d"' % demo["other_school_device"] not in page.text
    assert "Störung melden" in page.text


def test_ticket_form_refuses_missing_title(browser_factory, backoffice, demo):
    portal = browser_factory(SCHOOL_USER)
    before = ticket_count(backoffice)
    response = post_ticket(portal, demo["school"], description="Beamer bleibt dunkel",
                           device_id=str(demo["device"]))
    assert response.status_code == 200
    assert "Die Meldung wurde nicht gesendet" in response.text
    assert "Bitte geben Sie einen Titel ein" in response.text
    # what was entered is kept
    assert "Beamer bleibt dunkel</textarea>" in response.text
    assert re.search(r'value="%d"\s+selected' % demo["device"], response.text)
    assert ticket_count(backoffice) == before


def test_ticket_form_refuses_missing_description(browser_factory, backoffice, demo):
    portal = browser_factory(SCHOOL_USER)
    before = ticket_count(backoffice)
    response = post_ticket(portal, demo["school"], name="Beamer dunkel")
    assert "Bitte beschreiben Sie die Störung" in response.text
    assert 'value="Beamer dunkel"' in response.text
    assert ticket_count(backoffice) == before


@pytest.mark.parametrize("device", ["other_school", "foreign", "not_a_number"])
def test_ticket_form_refuses_a_device_not_of_the_school(browser_factory, backoffice,
                                                        demo, foreign, device):
    device_id = {"other_school": str(demo["other_school_device"]),
                 "foreign": str(foreign["device"]), "not_a_number": "1 OR 1=1"}[device]
    portal = browser_factory(SCHOOL_USER)
    before = ticket_count(backoffice)
    response = post_ticket(portal, demo["school"], name="Gerät defekt",
                           description="Geht nicht an", device_id=device_id)
    assert response.status_code == 200
    assert "Das gewählte Gerät gehört nicht zur Schule Grundschule Lübtheen" in response.text
    assert ticket_count(backoffice) == before


def test_ticket_form_refuses_a_foreign_school(browser_factory, backoffice, demo,
                                              foreign):
    portal = browser_factory(SCHOOL_USER)
    token = portal.csrf_token("/my/schools/%d/ticket/new" % demo["school"])
    before = ticket_count(backoffice)
    for school in (demo["other_school"], foreign["school"]):
        path = "/my/schools/%d/ticket/new" % school
        assert portal.get(portal.url(path)).status_code == 404
        response = portal.post(portal.url(path), data={
            "csrf_token": token, "name": "Fremd", "description": "Fremde Schule"})
        assert response.status_code == 404
    assert ticket_count(backoffice) == before


def test_ticket_form_needs_the_csrf_token(browser_factory, backoffice, demo):
    portal = browser_factory(SCHOOL_USER)
    before = ticket_count(backoffice)
    response = portal.post(portal.url("/my/schools/%d/ticket/new" % demo["school"]),
                           data={"name": "Ohne Token", "description": "Kein Token"})
    assert response.status_code == 400
    assert ticket_count(backoffice) == before


def test_ticket_form_creates_a_school_ticket(browser_factory, backoffice, demo):
    portal = browser_factory(SCHOOL_USER)
    before = ticket_count(backoffice)
    response = post_ticket(portal, demo["school"], name="  Drucker zieht kein Papier ein ",
                           description="Seit heute früh.\nFehler E-204 im Display.",
                           device_id=str(demo["device"]), allow_redirects=False)
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    assert re.search(r"/my/schools/%d\?ticket=\d+$" % demo["school"], location)
    ticket_id = int(location.rsplit("=", 1)[1])
    assert ticket_count(backoffice) == before + 1
    ticket = backoffice.call_kw("helpdesk.ticket", "read", [[ticket_id], [
        "name", "description", "number", "team_id", "partner_id", "ksm_school_id",
        "ksm_device_id", "message_partner_ids"]])[0]
    school_user = backoffice.call_kw("res.users", "read", [[demo["school_user"]],
                                                           ["partner_id"]])[0]
    assert ticket["name"] == "Drucker zieht kein Papier ein"
    assert "Fehler E-204" in ticket["description"]
    assert ticket["team_id"][0] == demo["team"]
    assert ticket["partner_id"][0] == school_user["partner_id"][0]
    assert ticket["ksm_school_id"][0] == demo["school"]
    assert ticket["ksm_device_id"][0] == demo["device"]
    assert school_user["partner_id"][0] in ticket["message_partner_ids"]

    page = text_of(portal.get(location).text)
    assert "Ihre Meldung %s ist eingegangen" % ticket["number"] in page
    assert "Drucker zieht kein Papier ein" in page
    # the Träger sees it, the other school's staff would not
    traeger = browser_factory(TRAEGER_USER)
    assert "Drucker zieht kein Papier ein" in traeger.get(
        traeger.url("/my/schools/%d" % demo["school"])).text
    assert "Drucker zieht kein Papier ein" in portal.get(
        portal.url("/my/ticket/%d" % ticket_id)).text


def test_traeger_user_reports_for_a_school_without_device(browser_factory, backoffice,
                                                          demo):
    portal = browser_factory(TRAEGER_USER)
    before = ticket_count(backoffice)
    response = post_ticket(portal, demo["other_school"], name="WLAN im Lehrerzimmer",
                           description="Kein Empfang.", allow_redirects=False)
    assert response.status_code in (302, 303)
    assert ticket_count(backoffice) == before + 1
    ticket_id = int(response.headers["Location"].rsplit("=", 1)[1])
    ticket = backoffice.call_kw("helpdesk.ticket", "read", [[ticket_id], [
        "ksm_school_id", "ksm_device_id"]])[0]
    assert ticket["ksm_school_id"][0] == demo["other_school"]
    assert not ticket["ksm_device_id"]


# ------------------------------------------------------------------ report


def test_replacement_planning_pdf(backoffice, demo):
    plan = backoffice.call_kw("ksm.replacement.plan", "create", [{
        "partner_id": demo["traeger"], "school_id": demo["school"]}])
    values = backoffice.call_kw("ksm.replacement.plan", "read", [[plan], [
        "reference_date", "device_ids", "amount_total"]])[0]
    devices = backoffice.call_kw("ksm.device", "read", [values["device_ids"], ["name"]])
    response = backoffice.get(backoffice.url(
        "/report/pdf/ksm_schul_it.report_replacement_plan/%d" % plan))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    year = values["reference_date"][:4]
    assert "Ersatzplanung zum 01.01.%s" % year in text
    assert "Grundschule Lübtheen" in text
    for device in devices:
        assert device["name"] in text
    assert "Notebook Lehrerzimmer 2" not in text  # 3 years old
    assert german_amount(values["amount_total"]) in text


# ------------------------------------------------------------------ School IT sheet


def test_school_it_sheet_pdf_shows_28600_in_german(browser_factory, demo):
    portal = browser_factory(TRAEGER_USER)
    text = pdf_text(portal.get(portal.url("/my/service-sheets/%d/pdf" % demo["sheet"])))
    assert "Serviceschein SS-2021-LÜB-SIT-V1" in text
    assert "Aufwand (Ergebnishaushalt) 13.600,00 €" in text
    assert "Investitionen (Finanzhaushalt) 15.000,00 €" in text
    assert "Gesamt 28.600,00 €" in text
    # per school: expenses, investments, total, grants, own funds
    assert "Grundschule Lübtheen 4.800,00 € 8.960,00 € 13.760,00 € 8.064,00 € " \
        "5.696,00 €" in text
    assert "Regionale Schule Lübtheen 8.800,00 € 6.040,00 € 14.840,00 € " \
        "5.436,00 € 9.404,00 €" in text
    assert "Eigenmittel des Trägers 15.100,00 €" in text


def test_council_annex_pdf_shows_grants_and_own_funds(browser_factory, demo):
    portal = browser_factory(TRAEGER_USER)
    text = pdf_text(portal.get(portal.url(
        "/my/service-sheets/%d/annex/pdf" % demo["sheet"])))
    assert "Finanzielle Auswirkungen" in text
    assert "Eigenmittel 15.100,00 €" in text
    assert "Förderung 13.500,00 €" in text
    assert "DPS-2021-0418 DigitalPakt Schule 2019–2024 Grundschule Lübtheen " \
        "8.960,00 € 8.064,00 €" in text
    assert "DPS-2021-0417 DigitalPakt Schule 2019–2024 Regionale Schule Lübtheen " \
        "6.040,00 € 5.436,00 €" in text


def test_school_user_sees_own_schools_sheet_lines_only(browser_factory, demo):
    portal = browser_factory(SCHOOL_USER)
    text = text_of(portal.get(portal.url("/my/schools/%d" % demo["school"])).text)
    assert "SS-2021-LÜB-SIT-V1 – Serviceschein 2021 Schul-IT" in text
    assert "Schul-IT Betreuung: Endgeräte der Grundschule" in text
    assert "Interaktive Tafeln für die Klassenräume 3a und 4b" in text
    assert "Summe der Schule 13.760,00 €" in text
    assert "davon Eigenmittel des Trägers 5.696,00 €" in text
    # nothing of the Regionale Schule, no link to the whole sheet
    assert "Interaktive Tafel für Raum 12" not in text
    assert "Endgeräte der Regionalen Schule" not in text
    assert "28.600,00" not in text and "Gesamter Serviceschein" not in text

    lines = portal.call_kw("ksm.service.sheet.line", "search_read", [[], [
        "ksm_school_id", "subtotal"]])
    assert {line["ksm_school_id"][0] for line in lines} == {demo["school"]}
    assert sum(line["subtotal"] for line in lines) == 13760.0
    with pytest.raises(RuntimeError):
        portal.call_kw("ksm.service.sheet", "read", [[demo["sheet"]], ["amount_total"]])
    for path in ("/my/service-sheets/%d", "/my/service-sheets/%d/pdf",
                 "/my/service-sheets/%d/annex/pdf"):
        assert portal.get(portal.url(path % demo["sheet"])).status_code == 404


def test_school_user_sees_own_schools_grants(browser_factory, demo):
    portal = browser_factory(SCHOOL_USER)
    text = text_of(portal.get(portal.url("/my/schools/%d" % demo["school"])).text)
    assert "Budgets und Förderung" in text
    assert "DPS-2021-0418 DigitalPakt Schule 2019–2024 Interaktive Tafeln für zwei " \
        "Klassenräume 03.05.2021 8.960,00 € 8.064,00 € 4.032,00 € 0,00 €" in text
    assert "DPS-2021-0417" not in text


def test_traeger_user_sees_each_schools_lines_and_the_whole_sheet(browser_factory, demo):
    portal = browser_factory(TRAEGER_USER)
    page = portal.get(portal.url("/my/schools/%d" % demo["other_school"])).text
    text = text_of(page)
    assert "Interaktive Tafel für Raum 12" in text
    assert "Summe der Schule 14.840,00 €" in text
    assert "Interaktive Tafeln für die Klassenräume 3a und 4b" not in text
    assert 'href="/my/service-sheets/%d"' % demo["sheet"] in page
    assert "DPS-2021-0417" in text and "3.624,00 €" in text
    sheet = text_of(portal.get(portal.url("/my/service-sheets/%d" % demo["sheet"])).text)
    assert "Summen nach Schulen" in sheet
    assert "Eigenmittel des Trägers 15.100,00 €" in sheet


def test_other_traeger_sees_no_sheet_lines_of_luebtheen(browser_factory, demo, foreign):
    portal = browser_factory(foreign["login"])
    assert portal.call_kw("ksm.service.sheet.line", "search_read", [[
        ("partner_id", "=", demo["traeger"])], ["name"]]) == []
    assert portal.call_kw("ksm.funding.grant", "search_read", [[], ["name"]]) == []
    assert portal.get(portal.url("/my/service-sheets/%d" % demo["sheet"])).status_code \
        == 404
    text = text_of(portal.get(portal.url("/my/schools/%d" % foreign["school"])).text)
    assert "SS-2021-LÜB" not in text and "DPS-2021" not in text
