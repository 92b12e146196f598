"""Service sheets in the portal, over real HTTP: list, detail, PDFs, acceptance, isolation.

Lübtheen's demo sheets are read as they are; whatever a test changes (acceptance) happens
on sheets and users the fixtures create through the back office's JSON-RPC.
"""
import io
import time

import pypdf
import pytest

from .conftest import Browser, csrf_token_in

SHEET_2021 = "ksm_services.sheet_luebtheen_2021"
SHEET_2022 = "ksm_services.sheet_luebtheen_2022"


def read_sheet(admin, sheet_id):
    return admin.call_kw("ksm.service.sheet", "read", [[sheet_id], [
        "state", "signed_by_id", "signed_by_name", "signed_on", "signed_ip"]])[0]


def pdf_text(response):
    assert response.status_code == 200, response.text[:500]
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture(scope="module")
def world(odoo_server):
    """Ids of the demo sheets, a resolved sheet of Lübtheen to accept, and a second Träger
    with a portal user and a sheet of its own."""
    admin = Browser(odoo_server.url)
    admin.login("admin", "admin")
    stamp = str(int(time.time() * 1000))[-9:]
    luebtheen = admin.xmlid("ksm_membership.partner_luebtheen")
    portal_group = admin.xmlid("base.group_portal")
    order_budget = admin.xmlid("ksm_services.svc_order_budget")

    def portal_user(login, parent_id, signatory=False):
        admin.call_kw("res.users", "create", [{
            "name": "Test %s" % login, "login": login, "password": login,
            "parent_id": parent_id, "ksm_role_signatory": signatory, "lang": "de_DE",
            "groups_id": [(6, 0, [portal_group])]}], {"context": {"no_reset_password": True}})
        return login

    def resolved_sheet(partner_id, resolution_id, scope, amount):
        years = admin.call_kw("ksm.service.sheet", "search_read", [[
            ("partner_id", "=", partner_id), ("scope", "=", scope)], ["year"]])
        year = max([row["year"] for row in years] + [2030]) + 1
        sheet = admin.call_kw("ksm.service.sheet", "create", [{
            "partner_id": partner_id, "year": year, "scope": scope,
            "title": "Portal-Test %s" % stamp, "resolution_id": resolution_id,
            "line_ids": [(0, 0, {"product_id": order_budget, "price_unit": amount})]}])
        admin.call_kw("ksm.service.sheet", "action_submit", [[sheet]])
        admin.call_kw("ksm.service.sheet", "action_resolve", [[sheet]])
        return sheet

    wittenburg = admin.call_kw("res.partner", "create", [{
        "name": "Stadt Wittenburg %s" % stamp, "is_company": True, "ksm_is_traeger": True,
        "lang": "de_DE"}])
    wittenburg_resolution = admin.call_kw("ksm.resolution", "create", [{
        "name": "SV-WB/%s" % stamp, "partner_id": wittenburg, "body": "stadtvertretung",
        "date": "2020-12-01", "subject": "Beitritt"}])
    own_draft = admin.call_kw("ksm.service.sheet", "create", [{
        "partner_id": luebtheen, "year": 2099, "scope": "school_it",
        "title": "Interner Entwurf %s" % stamp}])
    world = {
        "admin": admin,
        "luebtheen": luebtheen,
        "sheet_2021": admin.xmlid(SHEET_2021),
        "sheet_2022": admin.xmlid(SHEET_2022),
        "to_accept": resolved_sheet(luebtheen, admin.xmlid("ksm_membership.resolution_luebtheen_joining"), "projects", 1234.5),
        "own_draft": own_draft,
        "clerk": portal_user("clerk-%s" % stamp, luebtheen),
        "wittenburg_user": portal_user("wittenburg-%s" % stamp, wittenburg, signatory=True),
        "wittenburg_sheet": resolved_sheet(wittenburg, wittenburg_resolution, "projects",
                                           999.0),
    }
    yield world
    admin.call_kw("ksm.service.sheet", "unlink", [[own_draft]])
    admin.close()


def test_my_home_links_to_the_service_sheets(browser_factory, world):
    portal = browser_factory("luebtheen", "luebtheen")
    page = portal.get(portal.url("/my"))
    assert page.status_code == 200
    assert 'href="/my/service-sheets"' in page.text
    assert "Servicescheine" in page.text


def test_list_shows_own_sheets_newest_year_first(browser_factory, world):
    portal = browser_factory("luebtheen", "luebtheen")
    page = portal.get(portal.url("/my/service-sheets"))
    assert page.status_code == 200
    text = page.text
    assert "SS-2021-LÜB-V1" in text and "SS-2022-LÜB-V1" in text
    assert text.index("SS-2022-LÜB-V1") < text.index("SS-2021-LÜB-V1")
    assert "41.640,00" in text
    assert "Interner Entwurf" not in text  # drafts stay internal
    assert "Wittenburg" not in text and "SS-2021-SCH" not in text


def test_detail_shows_lines_totals_and_exclusions_in_german(browser_factory, world):
    portal = browser_factory("luebtheen", "luebtheen")
    page = portal.get(portal.url("/my/service-sheets/%d" % world["sheet_2021"]))
    assert page.status_code == 200
    text = " ".join(page.text.split())
    for expected in ("SS-2021-LÜB-V1", "Migration IT-Betrieb Stadt Lübtheen",
                     "26.640,00", "5.000,00", "10.000,00", "36.640,00", "41.640,00",
                     "Investitionsvorbehalt", "Auftragsbudget",
                     "Nicht enthalten: Druck- und Scanleistungen", "Ines Becker",
                     "/my/service-sheets/%d/pdf" % world["sheet_2021"],
                     "/my/service-sheets/%d/annex/pdf" % world["sheet_2021"]):
        assert expected in text, expected


def test_service_sheet_pdf_has_the_totals_in_german(browser_factory, world):
    portal = browser_factory("luebtheen", "luebtheen")
    text = pdf_text(portal.get(portal.url("/my/service-sheets/%d/pdf" % world["sheet_2021"])))
    for expected in ("Serviceschein SS-2021-LÜB-V1", "Stadt Lübtheen", "26.640,00 €",
                     "5.000,00 €", "10.000,00 €", "36.640,00 €", "41.640,00 €",
                     "Nicht enthalten: Druck- und Scanleistungen", "Ines Becker",
                     "01.01.2021"):
        assert expected in text, expected


def test_annex_pdf_has_the_council_figures(browser_factory, world):
    portal = browser_factory("luebtheen", "luebtheen")
    text = pdf_text(portal.get(portal.url(
        "/my/service-sheets/%d/annex/pdf" % world["sheet_2021"])))
    for expected in ("Finanzielle Auswirkungen", "GESAMTKOSTEN", "68.280,00 €",
                     "AUFWAND/AUSZAHLUNG IM LFD. HH-", "41.640,00 €", "10.000,00 €",
                     "Eigenmittel", "Im Ergebnishaushalt Ja", "Im Finanzhaushalt Ja",
                     "11101.5615000", "11101.7831000", "11101.5612200"):
        assert expected in text, expected


def test_signatory_accepts_a_resolved_sheet(browser_factory, world):
    admin, sheet = world["admin"], world["to_accept"]
    portal = browser_factory("luebtheen", "luebtheen")
    page = portal.get(portal.url("/my/service-sheets/%d" % sheet))
    assert page.status_code == 200
    assert 'action="/my/service-sheets/%d/accept"' % sheet in page.text
    response = portal.post(portal.url("/my/service-sheets/%d/accept" % sheet), data={
        "csrf_token": csrf_token_in(page), "signer_name": "Ines Becker", "confirm": "1"})
    assert response.status_code == 200
    assert response.url.endswith("/my/service-sheets/%d?accepted=1" % sheet)
    assert "Sie haben den Serviceschein angenommen" in response.text
    values = read_sheet(admin, sheet)
    assert values["state"] == "signed"
    assert values["signed_by_name"] == "Ines Becker"
    assert values["signed_by_id"][0] == admin.call_kw("res.users", "search_read", [[
        ("login", "=", "luebtheen")], ["partner_id"]])[0]["partner_id"][0]
    assert values["signed_ip"] == "127.0.0.1"
    assert values["signed_on"]
    # accepted once: the form is gone, the signature is on the page and in the PDF
    page = portal.get(portal.url("/my/service-sheets/%d" % sheet))
    assert "/accept" not in page.text and "127.0.0.1" in page.text
    text = pdf_text(portal.get(portal.url("/my/service-sheets/%d/pdf" % sheet)))
    assert "Ines Becker" in text and "127.0.0.1" in text and "1.234,50 €" in text


def test_acceptance_needs_the_csrf_token_and_the_confirmation(browser_factory, world):
    admin = world["admin"]
    portal = browser_factory("luebtheen", "luebtheen")
    sheet = world["sheet_2022"]
    response = portal.post(portal.url("/my/service-sheets/%d/accept" % sheet), data={
        "signer_name": "Ines Becker", "confirm": "1"})
    assert response.status_code == 400
    page = portal.get(portal.url("/my/service-sheets/%d" % sheet))
    response = portal.post(portal.url("/my/service-sheets/%d/accept" % sheet), data={
        "csrf_token": csrf_token_in(page), "signer_name": "Ines Becker"})
    assert response.status_code == 403
    assert "Bitte bestätigen Sie" in response.text
    assert read_sheet(admin, sheet)["state"] == "resolved"


def test_non_signatory_is_refused_with_a_message_and_nothing_changes(browser_factory, world):
    admin, sheet = world["admin"], world["sheet_2022"]
    before = read_sheet(admin, sheet)
    clerk = browser_factory(world["clerk"], world["clerk"])
    page = clerk.get(clerk.url("/my/service-sheets/%d" % sheet))
    assert page.status_code == 200
    assert "/accept" not in page.text
    assert "Annehmen kann ihn nur eine zeichnungsberechtigte" in " ".join(page.text.split())
    response = clerk.post(clerk.url("/my/service-sheets/%d/accept" % sheet), data={
        "csrf_token": csrf_token_in(page), "signer_name": "Test", "confirm": "1"})
    assert response.status_code == 403
    assert "darf den Serviceschein SS-2022-LÜB-V1 nicht unterzeichnen" in response.text
    assert read_sheet(admin, sheet) == before
    assert before["state"] == "resolved" and not before["signed_by_id"]


def test_another_traegers_sheet_and_pdfs_are_not_found(browser_factory, world):
    admin = world["admin"]
    stranger = browser_factory(world["wittenburg_user"], world["wittenburg_user"])
    own = stranger.get(stranger.url("/my/service-sheets/%d" % world["wittenburg_sheet"]))
    assert own.status_code == 200  # the stranger's own sheet works
    token = csrf_token_in(own)
    listing = stranger.get(stranger.url("/my/service-sheets")).text
    assert "LÜB" not in listing
    for sheet in (world["sheet_2021"], world["sheet_2022"], world["own_draft"], 999999):
        for path in ("/my/service-sheets/%d", "/my/service-sheets/%d/pdf",
                     "/my/service-sheets/%d/annex/pdf"):
            response = stranger.get(stranger.url(path % sheet))
            assert response.status_code in (403, 404), (path % sheet, response.status_code)
            assert "%PDF" not in response.text[:10]
    before = read_sheet(admin, world["sheet_2022"])
    response = stranger.post(stranger.url("/my/service-sheets/%d/accept" % world["sheet_2022"]),
                             data={"csrf_token": token, "signer_name": "X", "confirm": "1"})
    assert response.status_code in (403, 404)
    assert read_sheet(admin, world["sheet_2022"]) == before


def test_own_drafts_are_not_shown_in_the_portal(browser_factory, world):
    portal = browser_factory("luebtheen", "luebtheen")
    for path in ("/my/service-sheets/%d", "/my/service-sheets/%d/pdf"):
        response = portal.get(portal.url(path % world["own_draft"]))
        assert response.status_code == 404
