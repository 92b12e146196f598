"""The yearly true-up (Spitzabrechnung) in the portal, over real HTTP.

Demo data (ksm_services/demo/ksm_true_up_demo.xml): the pools of 2021 are locked, the
true-ups of Lübtheen (invoiced), Schwerin and Ludwigslust-Parchim (computed) exist.
Lübtheen's treasury (finance role, login ``luebtheen-kaemmerei``) sees its figures, its
invoice and the PDF, as does its mayor (signatory, ``luebtheen``); its IT contact is
refused like on the invoice pages; other Träger see nothing of Lübtheen's.
"""
import io

import pypdf
import pytest

from .conftest import german_money, portal_user, text_of

YEAR = 2021


def true_up_of(admin, xml_name):
    true_up_id = admin.xmlid("ksm_allocation." + xml_name)
    true_up = admin.call_kw("ksm.true.up", "read", [[true_up_id], [
        "partner_id", "state", "amount_allocated", "amount_advance", "amount_difference",
        "line_ids", "invoice_ids"]])[0]
    true_up["lines"] = admin.call_kw("ksm.true.up.line", "read", [true_up["line_ids"], [
        "pool_id", "quantity", "total_quantity", "allocated_amount", "advance_amount",
        "difference"]])
    return true_up


@pytest.fixture
def luebtheen(browser_factory):
    """Lübtheen's treasury: the finance role (demo user)."""
    return browser_factory("luebtheen-kaemmerei", "luebtheen-kaemmerei")


@pytest.fixture
def schwerin(browser_factory, admin):
    portal_user(admin, "schwerin-finanzen", admin.xmlid("ksm_membership.partner_schwerin"),
                ksm_role_finance=True)
    return browser_factory("schwerin-finanzen", "schwerin-finanzen")


def test_the_finance_contact_sees_its_true_up_and_its_invoice(luebtheen, admin):
    true_up = true_up_of(admin, "true_up_2021_luebtheen")
    assert true_up["state"] == "invoiced" and true_up["invoice_ids"]
    response = luebtheen.get(luebtheen.url("/my/trueup/%d" % YEAR))
    assert response.status_code == 200
    page = text_of(response.text)
    assert "Spitzabrechnung %d" % YEAR in page
    for line in true_up["lines"]:
        assert line["pool_id"][1].rsplit(" ", 1)[0] in page
        assert german_money(line["allocated_amount"]) in page
    assert "Gesamt %s %s %s" % (german_money(true_up["amount_allocated"]),
                                german_money(true_up["amount_advance"]),
                                german_money(true_up["amount_difference"])) in page
    invoice = admin.call_kw("account.invoice", "read", [true_up["invoice_ids"], [
        "number", "type", "amount_total"]])[0]
    assert invoice["type"] == "out_invoice"
    assert 'href="/my/invoices/%d"' % invoice["id"] in response.text
    assert "Rechnung %s vom 31.03.2022: %s" % (
        invoice["number"], german_money(invoice["amount_total"])) in page.replace(" :", ":")
    # the invoice behind the link opens for the finance contact
    assert luebtheen.get(luebtheen.url("/my/invoices/%d" % invoice["id"])).status_code == 200


def test_the_allocation_pages_link_the_true_up(luebtheen, browser_factory):
    mayor = browser_factory("luebtheen", "luebtheen")  # the signatory sees it too
    for session in (luebtheen, mayor):
        for path in ("/my/allocation", "/my/allocation/%d" % YEAR):
            assert 'href="/my/trueup/%d"' % YEAR in session.get(session.url(path)).text
    assert mayor.get(mayor.url("/my/trueup/%d" % YEAR)).status_code == 200


def test_the_true_up_pdf_shows_the_figures_in_german_format(luebtheen, admin):
    true_up = true_up_of(admin, "true_up_2021_luebtheen")
    response = luebtheen.get(luebtheen.url("/my/trueup/%d/pdf" % YEAR))
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "Spitzabrechnung %d" % YEAR in text
    assert "Stadt Lübtheen" in text and "KSM Kommunalservice Mecklenburg AöR" in text
    for line in true_up["lines"]:
        assert line["pool_id"][1].rsplit(" ", 1)[0] in text
        for amount in (line["allocated_amount"], line["difference"]):
            assert german_money(amount) in text
    # 42 of the 2.612 workstations of 2021; 57 of 3.167 licences
    assert "2.612" in text and "3.167" in text
    assert "Gesamt %s" % german_money(true_up["amount_allocated"]) in text


def test_a_contact_without_finance_role_is_refused(browser_factory, admin):
    portal_user(admin, "luebtheen-it", admin.xmlid("ksm_membership.partner_luebtheen"),
                ksm_role_it=True)
    viewer = browser_factory("luebtheen-it", "luebtheen-it")
    true_up = true_up_of(admin, "true_up_2021_luebtheen")
    for path in ("/my/trueup/%d" % YEAR, "/my/trueup/%d/pdf" % YEAR):
        response = viewer.get(viewer.url(path))
        assert response.status_code == 403
        assert "Ansprechpartnern für Finanzen" in text_of(response.text)
        assert german_money(true_up["amount_allocated"]) not in text_of(response.text)
    assert 'href="/my/trueup/' not in viewer.get(viewer.url("/my/allocation/%d" % YEAR)).text


def test_another_traeger_sees_its_own_true_up_only(schwerin, admin):
    own = true_up_of(admin, "true_up_2021_schwerin")
    luebtheen = true_up_of(admin, "true_up_2021_luebtheen")
    page = text_of(schwerin.get(schwerin.url("/my/trueup/%d" % YEAR)).text)
    assert "Landeshauptstadt Schwerin" in page
    assert german_money(own["amount_allocated"]) in page
    assert "Lübtheen" not in page
    assert german_money(luebtheen["amount_allocated"]) not in page
    # computed, not invoiced: said so, no document
    assert "noch keine Rechnung" in page
    # JSON-RPC: Lübtheen's true-up and its lines are not readable, nor writable
    with pytest.raises(RuntimeError):
        schwerin.call_kw("ksm.true.up", "read", [
            [admin.xmlid("ksm_allocation.true_up_2021_luebtheen")], ["amount_difference"]])
    assert schwerin.call_kw("ksm.true.up.line", "search", [[
        ("id", "in", luebtheen["line_ids"])]]) == []
    with pytest.raises(RuntimeError):
        schwerin.call_kw("ksm.true.up", "write", [[own["id"]], {"year": 2020}])


def test_a_traeger_without_true_up_and_a_year_without_one_get_404(browser_factory, admin,
                                                                  luebtheen):
    found = admin.call_kw("res.partner", "search", [[("name", "=", "Stadt Wittenburg (Test)")]])
    wittenburg_id = found[0] if found else admin.call_kw("res.partner", "create", [{
        "name": "Stadt Wittenburg (Test)", "is_company": True, "ksm_is_traeger": True}])
    portal_user(admin, "wittenburg-finanzen", wittenburg_id, ksm_role_finance=True)
    wittenburg = browser_factory("wittenburg-finanzen", "wittenburg-finanzen")
    for path in ("/my/trueup/%d" % YEAR, "/my/trueup/%d/pdf" % YEAR):
        response = wittenburg.get(wittenburg.url(path))
        assert response.status_code == 404
        assert "Lübtheen" not in response.text
    for path in ("/my/trueup/2022", "/my/trueup/2022/pdf", "/my/trueup/1999"):
        assert luebtheen.get(luebtheen.url(path)).status_code == 404
