"""Quantity reports and cost allocation statements in the portal, over real HTTP.

Lübtheen's finance contact (login ``luebtheen``) reports quantities through the form
(with its CSRF token); bad input is refused with a German message and nothing is saved
(checked through the administrator's JSON-RPC before and after); users of other Träger
see none of Lübtheen's figures and cannot change them; the statement PDF shows the
amounts the German way.
"""
import io
import re

import pypdf
import pytest

from .conftest import german_money, portal_user, text_of

# demo data (ksm_services/demo/ksm_allocation_demo.xml): 2021 is allocated (and locked
# for the true-up, ksm_true_up_demo.xml); Lübtheen
# has not reported 2022; 2023 has no demo data at all
ALLOCATED_YEAR = 2021
YEAR_WITH_PREVIOUS = 2022
FREE_YEAR = 2023


def reports_of(admin, traeger_id):
    """Every quantity report of a Träger, as the back office sees it."""
    return admin.call_kw("ksm.quantity.report", "search_read", [
        [("partner_id", "=", traeger_id)],
        ["year", "key_id", "quantity", "state", "write_date"]], {"order": "id"})


@pytest.fixture
def luebtheen_id(admin):
    return admin.xmlid("ksm_membership.partner_luebtheen")


@pytest.fixture
def keys(admin):
    """code -> id of the active allocation keys."""
    return {key["code"]: key["id"] for key in admin.call_kw(
        "ksm.allocation.key", "search_read", [[], ["code"]])}


@pytest.fixture
def luebtheen(browser_factory, admin, luebtheen_id):
    """Lübtheen's finance contact, logged in; no reports of the free year left over."""
    stale = admin.call_kw("ksm.quantity.report", "search", [
        [("partner_id", "=", luebtheen_id), ("year", "in", [YEAR_WITH_PREVIOUS, FREE_YEAR])]])
    if stale:
        admin.call_kw("ksm.quantity.report", "unlink", [stale])
    return browser_factory("luebtheen", "luebtheen")


def post_form(browser, year, values, submit=False, token=True):
    data = dict(values)
    if token:
        data["csrf_token"] = browser.csrf_token("/my/quantities/%d" % year)
    data["submit" if submit else "save"] = "1"
    return browser.post(browser.url("/my/quantities/%d" % year), data=data,
                        allow_redirects=True)


# ---------------------------------------------------------------------------- reporting
def test_the_portal_home_links_quantities_and_allocation(luebtheen):
    page = text_of(luebtheen.get(luebtheen.url("/my")).text)
    assert "Mengenmeldungen" in page and "Umlage" in page
    quantities = text_of(luebtheen.get(luebtheen.url("/my/quantities")).text)
    assert "IT-Arbeitsplätze" in quantities and "Bestätigt" in quantities


def test_luebtheen_saves_a_draft_then_submits_the_year(luebtheen, admin, luebtheen_id, keys):
    response = post_form(luebtheen, FREE_YEAR, {"quantity_%d" % keys["ITAP"]: "44"})
    assert response.status_code == 200
    assert response.url.endswith("/my/quantities/%d?saved=1" % FREE_YEAR)
    assert "als Entwurf gespeichert" in text_of(response.text)
    [draft] = [r for r in reports_of(admin, luebtheen_id) if r["year"] == FREE_YEAR]
    assert (draft["key_id"][0], draft["quantity"], draft["state"]) == (keys["ITAP"], 44, "draft")

    # submitting needs every key: the empty ones are named, nothing changes
    response = post_form(luebtheen, FREE_YEAR, {"quantity_%d" % keys["ITAP"]: "45"},
                         submit=True)
    assert "Bitte geben Sie die Menge an (0, wenn keine vorhanden)." in text_of(response.text)
    assert [r["quantity"] for r in reports_of(admin, luebtheen_id)
            if r["year"] == FREE_YEAR] == [44]

    quantities = {"ITAP": "45", "BENU": "51", "SRV": "0", "SCHULE": "3", "FVL": "60",
                  "DMS": "12"}
    response = post_form(luebtheen, FREE_YEAR, {"quantity_%d" % keys[code]: value
                                                for code, value in quantities.items()},
                         submit=True)
    assert response.url.endswith("?submitted=1")
    assert "an die KSM gemeldet" in text_of(response.text)
    reported = {r["key_id"][0]: (r["quantity"], r["state"])
                for r in reports_of(admin, luebtheen_id) if r["year"] == FREE_YEAR}
    assert reported == {keys[code]: (int(value), "submitted")
                        for code, value in quantities.items()}
    # a submitted report is read-only for the Träger
    page = luebtheen.get(luebtheen.url("/my/quantities/%d" % FREE_YEAR)).text
    assert re.search(r'<input[^>]*name="quantity_%d"[^>]*disabled' % keys["ITAP"], page)


def _submit_free_year(luebtheen, keys, note=""):
    quantities = {"ITAP": "45", "BENU": "51", "SRV": "0", "SCHULE": "3", "FVL": "60",
                  "DMS": "12"}
    values = {"quantity_%d" % keys[code]: value for code, value in quantities.items()}
    values["note_%d" % keys["ITAP"]] = note
    response = post_form(luebtheen, FREE_YEAR, values, submit=True)
    assert response.url.endswith("?submitted=1"), text_of(response.text)[:500]
    return response


def _withdraw(browser, year, token=True):
    data = {"csrf_token": browser.csrf_token("/my/quantities/%d" % year)} if token else {}
    return browser.post(browser.url("/my/quantities/%d/withdraw" % year), data=data,
                        allow_redirects=False)


def test_the_traeger_sees_who_reported_when_and_its_comment(luebtheen, admin, luebtheen_id,
                                                           keys):
    _submit_free_year(luebtheen, keys, note="Neues Bürgerbüro mit 3 Plätzen")
    [itap] = admin.call_kw("ksm.quantity.report", "search_read", [
        [("partner_id", "=", luebtheen_id), ("year", "=", FREE_YEAR),
         ("key_id", "=", keys["ITAP"])], ["note", "submitted_by_id", "submitted_on"]])
    assert itap["note"] == "Neues Bürgerbüro mit 3 Plätzen"
    page = text_of(luebtheen.get(luebtheen.url("/my/quantities/%d" % FREE_YEAR)).text)
    assert "Gemeldet von %s am " % itap["submitted_by_id"][1] in page
    assert re.search(r"Gemeldet von [^\n]* am \d\d\.\d\d\.\d{4} \d\d:\d\d ME(S)?Z", page)
    assert "Neues Bürgerbüro mit 3 Plätzen" in page


def test_submitted_quantities_can_be_withdrawn_before_ksm_confirms(
        luebtheen, browser_factory, admin, luebtheen_id, keys):
    _submit_free_year(luebtheen, keys)

    def states():
        return sorted({r["state"] for r in reports_of(admin, luebtheen_id)
                       if r["year"] == FREE_YEAR})
    assert states() == ["submitted"]
    page = luebtheen.get(luebtheen.url("/my/quantities/%d" % FREE_YEAR)).text
    assert 'action="/my/quantities/%d/withdraw"' % FREE_YEAR in page
    # without the CSRF token, or as a contact without the finance or signatory role
    assert _withdraw(luebtheen, FREE_YEAR, token=False).status_code in (400, 403)
    portal_user(admin, "luebtheen-it", luebtheen_id, ksm_role_it=True)
    viewer = browser_factory("luebtheen-it", "luebtheen-it")
    assert _withdraw(viewer, FREE_YEAR).status_code == 403
    assert states() == ["submitted"]

    response = _withdraw(luebtheen, FREE_YEAR)
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith("/my/quantities/%d?withdrawn=1" % FREE_YEAR)
    assert states() == ["draft"]
    page = text_of(luebtheen.get(luebtheen.url(
        "/my/quantities/%d?withdrawn=1" % FREE_YEAR)).text)
    assert "Die Mengen sind zurückgezogen und wieder Entwürfe." in page
    # nothing left to withdraw
    response = _withdraw(luebtheen, FREE_YEAR)
    assert response.status_code == 400
    assert "Keine Menge von %d wartet auf die KSM" % FREE_YEAR in text_of(response.text)
    assert states() == ["draft"]


def test_a_key_without_a_previous_year_is_new_not_zero(luebtheen, keys):
    # Lübtheen reported nothing for 2022: every key of 2023 is new
    page = text_of(luebtheen.get(luebtheen.url("/my/quantities/%d" % FREE_YEAR)).text)
    assert page.count("neu, bitte prüfen") == len(keys)
    assert "0,0 %" not in page
    # 2021 has confirmed quantities: 2022 compares with them
    page = text_of(luebtheen.get(luebtheen.url("/my/quantities/%d" % YEAR_WITH_PREVIOUS)).text)
    assert page.count("neu, bitte prüfen") < len(keys)


BAD_INPUT = [
    # (year, key code, value, German message)
    (YEAR_WITH_PREVIOUS, "BENU", "zwölf",
     "Bitte geben Sie eine ganze Zahl ohne Vorzeichen, Nachkommastellen oder "
     "Tausenderpunkte an (z. B. 42)."),
    (YEAR_WITH_PREVIOUS, "BENU", "2,5",
     "Bitte geben Sie eine ganze Zahl ohne Vorzeichen, Nachkommastellen oder "
     "Tausenderpunkte an (z. B. 42)."),
    (YEAR_WITH_PREVIOUS, "BENU", "-3", "Die Menge darf nicht negativ sein."),
    (YEAR_WITH_PREVIOUS, "BENU", "10001",
     "Benutzerkonten: Die Menge liegt über der Obergrenze von 10.000; bitte prüfen Sie "
     "die Zahl."),
    # too many digits for a whole number field: still over the limit, not "no number"
    (YEAR_WITH_PREVIOUS, "BENU", "12345678901234567890",
     "Benutzerkonten: Die Menge liegt über der Obergrenze von 10.000; bitte prüfen Sie "
     "die Zahl."),
    # 2021 confirmed 42 workstations; more than 25 % more is not plausible
    (YEAR_WITH_PREVIOUS, "ITAP", "60",
     "IT-Arbeitsplätze: 60 weicht um mehr als 25 % von der bestätigten Menge des "
     "Vorjahres (42) ab."),
    # a confirmed report cannot be changed
    (ALLOCATED_YEAR, "ITAP", "43", "ist bereits bestätigt"),
]


@pytest.mark.parametrize("year, code, value, message", BAD_INPUT,
                         ids=[case[2] for case in BAD_INPUT])
def test_bad_input_is_refused_with_its_message_and_nothing_is_saved(
        luebtheen, admin, luebtheen_id, keys, year, code, value, message):
    before = reports_of(admin, luebtheen_id)
    values = {"quantity_%d" % keys["SCHULE"]: "2"}  # a good value that must not be saved
    values["quantity_%d" % keys[code]] = value
    response = post_form(luebtheen, year, values, submit=True)
    assert response.status_code == 200
    page = text_of(response.text)
    assert "Es wurde nichts gespeichert." in page
    assert message in page
    assert reports_of(admin, luebtheen_id) == before


def test_an_unknown_key_is_refused_and_nothing_is_saved(luebtheen, admin, luebtheen_id, keys):
    before = reports_of(admin, luebtheen_id)
    response = post_form(luebtheen, YEAR_WITH_PREVIOUS, {
        "quantity_%d" % keys["SCHULE"]: "2", "quantity_999999": "5"})
    page = text_of(response.text)
    assert "Es wurde nichts gespeichert." in page
    assert "Das Formular nennt einen Umlageschlüssel, den es nicht gibt (999999)." in page
    assert reports_of(admin, luebtheen_id) == before


def test_a_post_without_csrf_token_is_refused(luebtheen, admin, luebtheen_id, keys):
    before = reports_of(admin, luebtheen_id)
    response = post_form(luebtheen, FREE_YEAR, {"quantity_%d" % keys["SCHULE"]: "2"},
                         token=False)
    assert response.status_code == 400
    assert reports_of(admin, luebtheen_id) == before


def test_a_contact_without_role_sees_the_form_but_cannot_report(
        browser_factory, admin, luebtheen_id, keys):
    portal_user(admin, "luebtheen-it", luebtheen_id, ksm_role_it=True)
    viewer = browser_factory("luebtheen-it", "luebtheen-it")
    page = viewer.get(viewer.url("/my/quantities/%d" % ALLOCATED_YEAR)).text
    assert "Nur die Ansprechpartner für Finanzen" in text_of(page)
    assert 'name="submit"' not in page
    before = reports_of(admin, luebtheen_id)
    response = post_form(viewer, FREE_YEAR, {"quantity_%d" % keys["SCHULE"]: "2"},
                         submit=True)
    assert response.status_code == 403
    assert reports_of(admin, luebtheen_id) == before


# ---------------------------------------------------------------------------- isolation
@pytest.fixture
def schwerin(browser_factory, admin):
    schwerin_id = admin.xmlid("ksm_membership.partner_schwerin")
    portal_user(admin, "schwerin-finanzen", schwerin_id, ksm_role_finance=True)
    return browser_factory("schwerin-finanzen", "schwerin-finanzen")


def test_another_traeger_sees_nothing_of_luebtheen(schwerin, admin, luebtheen_id):
    luebtheen_lines = admin.call_kw("ksm.allocation.line", "search_read", [
        [("partner_id", "=", luebtheen_id), ("year", "=", ALLOCATED_YEAR)], ["amount"]])
    statement = schwerin.get(schwerin.url("/my/allocation/%d" % ALLOCATED_YEAR))
    assert statement.status_code == 200
    page = text_of(statement.text)
    assert "Landeshauptstadt Schwerin" in page
    assert "Lübtheen" not in page
    for line in luebtheen_lines:
        if line["amount"]:
            assert german_money(line["amount"]) not in page
    for path in ("/my/quantities", "/my/quantities/%d" % ALLOCATED_YEAR):
        assert "Lübtheen" not in text_of(schwerin.get(schwerin.url(path)).text)


def test_another_traeger_cannot_change_luebtheens_reports(schwerin, admin, luebtheen_id, keys):
    before = reports_of(admin, luebtheen_id)
    report_id = before[0]["id"]
    for method, args in (("read", [[report_id], ["quantity"]]),
                         ("write", [[report_id], {"quantity": 1}]),
                         ("action_submit", [[report_id]]),
                         ("create", [{"partner_id": luebtheen_id, "year": FREE_YEAR,
                                      "key_id": keys["DMS"], "quantity": 1}])):
        with pytest.raises(RuntimeError):
            schwerin.call_kw("ksm.quantity.report", method, args)
    # the form saves for the user's own Träger only, whatever it is sent
    response = post_form(schwerin, FREE_YEAR, {"quantity_%d" % keys["DMS"]: "7",
                                               "partner_id": str(luebtheen_id)})
    assert response.status_code == 200
    assert reports_of(admin, luebtheen_id) == before


def test_a_traeger_without_allocation_gets_404(browser_factory, admin):
    found = admin.call_kw("res.partner", "search", [[("name", "=", "Stadt Wittenburg (Test)")]])
    wittenburg_id = found[0] if found else admin.call_kw("res.partner", "create", [{
        "name": "Stadt Wittenburg (Test)", "is_company": True, "ksm_is_traeger": True}])
    portal_user(admin, "wittenburg-finanzen", wittenburg_id, ksm_role_finance=True)
    wittenburg = browser_factory("wittenburg-finanzen", "wittenburg-finanzen")
    for path in ("/my/allocation/%d" % ALLOCATED_YEAR, "/my/allocation/%d/pdf" % ALLOCATED_YEAR):
        response = wittenburg.get(wittenburg.url(path))
        assert response.status_code == 404
        assert "Lübtheen" not in response.text
    assert wittenburg.get(wittenburg.url("/my/quantities/1999")).status_code == 404


def test_a_portal_user_of_no_traeger_gets_404(browser_factory, admin):
    company = admin.call_kw("res.partner", "search", [[("name", "=", "Musterfirma GmbH (Test)")]])
    company_id = company[0] if company else admin.call_kw("res.partner", "create", [{
        "name": "Musterfirma GmbH (Test)", "is_company": True}])
    portal_user(admin, "musterfirma", company_id)
    stranger = browser_factory("musterfirma", "musterfirma")
    for path in ("/my/quantities", "/my/quantities/%d" % ALLOCATED_YEAR, "/my/allocation",
                 "/my/allocation/%d" % ALLOCATED_YEAR):
        assert stranger.get(stranger.url(path)).status_code == 404


# ---------------------------------------------------------------------------- statement
def test_the_statement_pdf_shows_the_amounts_in_german_format(luebtheen, admin, luebtheen_id):
    lines = admin.call_kw("ksm.allocation.line", "search_read", [
        [("partner_id", "=", luebtheen_id), ("year", "=", ALLOCATED_YEAR)],
        ["pool_id", "amount", "pool_amount", "quantity", "total_quantity"]])
    assert len(lines) == 3
    response = luebtheen.get(luebtheen.url("/my/allocation/%d/pdf" % ALLOCATED_YEAR))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Kostenaufteilung (Umlage) %d" % ALLOCATED_YEAR in text
    assert "Stadt Lübtheen" in text
    assert "KSM Kommunalservice Mecklenburg AöR" in text
    for line in lines:
        assert line["pool_id"][1].rsplit(" ", 1)[0] in text
        for amount in (line["amount"], line["pool_amount"]):
            assert german_money(amount) in text
    # the demo figures: 412.345,67 € over 2.612 workstations, 42 of them Lübtheen's
    assert "412.345,67 €" in text and "2.612" in text
    total = round(sum(line["amount"] for line in lines), 2)
    assert "Gesamt %s" % german_money(total) in text


def test_the_statement_page_matches_the_allocation(luebtheen, admin, luebtheen_id):
    lines = admin.call_kw("ksm.allocation.line", "search_read", [
        [("partner_id", "=", luebtheen_id), ("year", "=", ALLOCATED_YEAR)], ["amount"]])
    page = text_of(luebtheen.get(luebtheen.url("/my/allocation/%d" % ALLOCATED_YEAR)).text)
    total = round(sum(line["amount"] for line in lines), 2)
    assert "Gesamt %s" % german_money(total) in page
    assert "vorläufig" not in page  # the demo pools of 2021 are locked for the true-up
