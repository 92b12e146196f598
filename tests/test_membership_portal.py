"""The Träger's membership on the portal, over real HTTP: what a Träger's staff sees
(in German), and that nobody reaches another Träger's membership, documents or
resolutions, whatever URL or id they try."""
import io
import re

import pypdf
import pytest
import requests


def page_text(response):
    """The visible text of an HTML page, whitespace normalised."""
    text = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", response.text)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(text.replace("&nbsp;", " ").split())


def pdf_text(response):
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.fixture
def ids(admin):
    """Ids of the demo records, looked up by the back office."""
    def one(model, domain):
        found = admin.call_kw(model, "search", [domain])
        assert len(found) == 1, (model, domain, found)
        return found[0]

    def membership_of(name):
        return one("ksm.membership", [("partner_id.name", "=", name)])

    luebtheen = membership_of("Stadt Lübtheen")
    luebtheen_data = admin.call_kw("ksm.membership", "read", [[luebtheen], [
        "resolution_id", "contract_version_id", "statute_version_id"]])[0]
    resolution = luebtheen_data["resolution_id"][0]
    attachment = admin.call_kw("ksm.resolution", "read", [[resolution], ["attachment_ids"]])[
        0]["attachment_ids"][0]
    return {
        "luebtheen": luebtheen,
        "schwerin": membership_of("Landeshauptstadt Schwerin"),
        "luebtheen_resolution": resolution,
        "luebtheen_attachment": attachment,
        "contract_2021": luebtheen_data["contract_version_id"][0],
        "statute_2021": luebtheen_data["statute_version_id"][0],
        "schwerin_resolution": one("ksm.resolution", [("name", "=", "SV/2013/0127")]),
        "contract_2013": one("ksm.document.version", [("name", "=", "ÖRV 2013")]),
    }


@pytest.fixture
def luebtheen(browser_factory):
    return browser_factory("luebtheen", "luebtheen")


@pytest.fixture
def schwerin(browser_factory):
    return browser_factory("schwerin", "schwerin")


def test_my_home_links_the_membership(luebtheen):
    response = luebtheen.get(luebtheen.url("/my"))
    assert response.status_code == 200
    assert 'href="/my/membership"' in response.text
    assert "Trägerschaft" in page_text(response)


def test_membership_overview_in_german(luebtheen):
    response = luebtheen.get(luebtheen.url("/my/membership"))
    assert response.status_code == 200
    text = page_text(response)
    assert "Trägerschaft: Stadt Lübtheen" in text
    assert "13076088-89" in text  # Leitweg-ID
    # the membership: from 01.01.2021, 500,00 €, its capital share, active
    assert "Stadt Lübtheen (ab 01.01.2021)" in text
    assert "500,00 €" in text
    assert "0,99 %" in text  # 500 of 50.500 € of the demo's active Träger
    assert "Aktiv" in text
    # transferred tasks and resolutions of the own Träger only
    assert "Schul-IT" in text and "IT-Betrieb" in text and "DMS/eAkte" in text
    assert "SV/2020/045" in text
    assert "Landeshauptstadt Schwerin" not in text and "SV/2013/0127" not in text
    assert "Abrechnungsleistungen" not in text  # a task only the founders transferred


def test_membership_page_with_documents(luebtheen, ids):
    response = luebtheen.get(luebtheen.url("/my/membership/%d" % ids["luebtheen"]))
    assert response.status_code == 200
    text = page_text(response)
    assert "Beginn 01.01.2021" in text
    assert "Stammkapitaleinlage 500,00 € gezahlt" in text
    assert "Kapitalanteil 0,99 %" in text and "Stimmgewicht 0,99 %" in text
    assert "ÖRV unterzeichnet am 10.12.2020" in text
    assert "Satzung 2021 (Entwurf 01.09.2020)" in text
    assert "ÖRV 2021 (Entwurf 01.09.2020)" in text
    assert "Regeln zur Umlageermittlung 2021" in text
    assert "Saubere Fassung" in text and "Änderungsmodus" in text

    for variant, title in (("clean", "saubere Fassung"), ("tracked", "Änderungsmodus")):
        path = "/my/membership/document/%d/%s" % (ids["contract_2021"], variant)
        assert path in response.text
        download = luebtheen.get(luebtheen.url(path))
        assert download.status_code == 200
        assert download.headers["Content-Type"] == "application/pdf"
        assert "ÖRV 2021, Entwurf 01.09.2020 (%s)" % title in pdf_text(download)


def test_resolution_page_and_file(luebtheen, ids):
    response = luebtheen.get(luebtheen.url(
        "/my/membership/resolution/%d" % ids["luebtheen_resolution"]))
    assert response.status_code == 200
    text = page_text(response)
    assert "SV/2020/045" in text and "Stadtvertretung" in text and "15.10.2020" in text
    assert "Kapitaleinlage in Höhe von 500,00 EUR" in text  # decision point 2
    assert "zentrale Vergabestelle" in text  # decision point 8

    file_path = "/my/membership/resolution/%d/file/%d" % (
        ids["luebtheen_resolution"], ids["luebtheen_attachment"])
    assert file_path in response.text
    download = luebtheen.get(luebtheen.url(file_path))
    assert download.status_code == 200
    assert "Beschluss der Stadtvertretung SV/2020/045" in pdf_text(download)


@pytest.mark.parametrize("path", [
    "/my/membership/%(luebtheen)d",
    "/my/membership/document/%(contract_2021)d/clean",
    "/my/membership/document/%(contract_2021)d/tracked",
    "/my/membership/document/%(statute_2021)d/clean",
    "/my/membership/resolution/%(luebtheen_resolution)d",
    "/my/membership/resolution/%(luebtheen_resolution)d/file/%(luebtheen_attachment)d",
    "/my/membership/resolution/%(schwerin_resolution)d/file/%(luebtheen_attachment)d",
    "/my/membership/999999",
])
def test_another_traegers_records_are_not_found(schwerin, ids, path):
    response = schwerin.get(schwerin.url(path % ids), allow_redirects=False)
    assert response.status_code in (403, 404), (path, response.status_code)
    assert "Lübtheen" not in response.text
    assert "%PDF" not in response.text[:10]


def test_own_records_and_wrong_variants(schwerin, ids):
    """The same routes serve Schwerin its own records; unknown variants are not found."""
    assert schwerin.get(schwerin.url("/my/membership/%d" % ids["schwerin"])).status_code == 200
    own_contract = schwerin.get(schwerin.url(
        "/my/membership/document/%d/clean" % ids["contract_2013"]))
    assert own_contract.status_code == 200
    assert "Vertrag über die Errichtung der KSM" in pdf_text(own_contract)
    for variant in ("tracked", "datas", "..%2Fclean"):  # 2013 has no tracked version
        response = schwerin.get(schwerin.url(
            "/my/membership/document/%d/%s" % (ids["contract_2013"], variant)))
        assert response.status_code == 404, variant
    own_resolution = schwerin.get(schwerin.url(
        "/my/membership/resolution/%d" % ids["schwerin_resolution"]))
    assert own_resolution.status_code == 200


def test_json_rpc_returns_own_records_only(luebtheen, schwerin, ids):
    memberships = luebtheen.call_kw("ksm.membership", "search_read", [[], ["partner_id"]])
    assert [m["partner_id"][1] for m in memberships] == ["Stadt Lübtheen"]
    resolutions = luebtheen.call_kw("ksm.resolution", "search_read",
                                    [[], ["partner_id", "name"]])
    assert resolutions and {r["partner_id"][1] for r in resolutions} == {"Stadt Lübtheen"}
    transfers = luebtheen.call_kw("ksm.task.transfer", "search_read", [[], ["partner_id"]])
    assert transfers and {t["partner_id"][1] for t in transfers} == {"Stadt Lübtheen"}
    versions = schwerin.call_kw("ksm.document.version", "search_read", [[], ["name"]])
    assert sorted(v["name"] for v in versions) == ["Satzung 2013", "ÖRV 2013"]

    with pytest.raises(RuntimeError):
        schwerin.call_kw("ksm.membership", "read", [[ids["luebtheen"]], ["capital_amount"]])
    with pytest.raises(RuntimeError):
        schwerin.call_kw("ksm.resolution", "read",
                         [[ids["luebtheen_resolution"]], ["decision_points"]])
    with pytest.raises(RuntimeError):
        luebtheen.call_kw("ksm.consent", "search_read", [[], ["partner_id"]])
    with pytest.raises(RuntimeError):
        luebtheen.call_kw("ksm.membership", "write", [[ids["luebtheen"]],
                                                      {"capital_amount": 1.0}])


def test_membership_pages_need_a_login(odoo_server):
    response = requests.get(odoo_server.url + "/my/membership", allow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/web/login" in response.headers["Location"]
