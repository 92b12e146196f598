"""The portal home (/my) of a Träger's staff: cards with the key figures of their own
Träger, in German, counted as the pages behind their links count; figures a role does
not allow are left out.

Uses the demo data of Stadt Lübtheen (the mayor ``luebtheen``, the IT staff
``luebtheen-it``, the treasury ``luebtheen-kaemmerei``) and Landeshauptstadt Schwerin
(``schwerin``); the expected figures are read through the back office.
"""
import datetime
import re

import pytest
from lxml import html as lxml_html


MAYOR, STAFF, FINANCE, STRANGER = "luebtheen", "luebtheen-it", "luebtheen-kaemmerei", "schwerin"


def german_amount(value):
    """26640.0 -> '26.640,00 €'"""
    return "{:,.2f} €".format(value).replace(",", "X").replace(".", ",").replace("X", ".")


def german_date(value):
    """'2021-01-01' -> '01.01.2021'"""
    return datetime.datetime.strptime(value, "%Y-%m-%d").strftime("%d.%m.%Y")


def squash(text):
    return " ".join(text.split())


def home_cards(portal):
    """{title: {figure, detail, amount, links, button, level, progress}} of the cards on
    /my, in order, and the page's text."""
    response = portal.get(portal.url("/my"))
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.text)
    cards = {}
    for card in tree.xpath("//div[contains(concat(' ', normalize-space(@class), ' '),"
                           " ' o_ksm_home_card ')]"):
        def part(name):
            found = card.xpath(".//*[contains(@class, '%s')]" % name)
            return squash(found[0].text_content()) if found else ""
        cards[part("panel-title")] = {
            "figure": part("o_ksm_home_card_figure"),
            "detail": part("o_ksm_home_card_detail"),
            "amount": part("o_ksm_home_card_amount"),
            "links": [(squash(a.text_content()), a.get("href"))
                      for a in card.xpath(".//div[contains(@class, 'panel-footer')]//a")],
            "button": next(((squash(a.text_content()), a.get("href")) for a in card.xpath(
                ".//a[contains(@class, 'o_ksm_home_card_button')]")), None),
            "level": [c for c in card.get("class").split() if c.startswith("panel-")][0],
            "progress": next((bar.get("style") for bar in card.xpath(
                ".//div[contains(@class, 'progress-bar')]")), None),
        }
    return cards, squash(tree.text_content())


@pytest.fixture(scope="module")
def traeger(backoffice):
    return {"luebtheen": backoffice.xmlid("ksm_membership.partner_luebtheen"),
            "schwerin": backoffice.xmlid("ksm_membership.partner_schwerin")}


@pytest.fixture(scope="module")
def open_invoice(backoffice, traeger):
    """An open invoice to Lübtheen, so that the card has an amount to show."""
    account = backoffice.call_kw("account.account", "search", [[
        ("internal_type", "=", "other")]], {"limit": 1})[0]
    invoice = backoffice.call_kw("account.invoice", "create", [{
        "partner_id": traeger["luebtheen"], "type": "out_invoice",
        "invoice_line_ids": [(0, 0, {"name": "Migration IT-Betrieb, erste Hälfte",
                                     "quantity": 1, "price_unit": 26640.0,
                                     "account_id": account})]}])
    backoffice.call_kw("account.invoice", "action_invoice_open", [[invoice]])
    return invoice


def expected_invoices(backoffice, partner):
    invoices = backoffice.call_kw("account.invoice", "search_read", [[
        ("type", "in", ["out_invoice", "out_refund"]), ("state", "=", "open"),
        ("message_partner_ids", "child_of", [partner])]], {"fields": ["residual_signed"]})
    return len(invoices), sum(invoice["residual_signed"] for invoice in invoices)


def expected_tickets(backoffice, partner):
    domain = ["&", "|", ("ksm_traeger_id", "=", partner), ("partner_id", "child_of", partner),
              ("stage_id.closed", "=", False)]
    return backoffice.call_kw("helpdesk.ticket", "search_count", [domain])


def expected_quantities(backoffice, partner):
    """{year: quantities still to report} for the years being allocated."""
    pools = backoffice.call_kw("ksm.cost.pool", "search_read", [[("state", "=", "draft")]],
                               {"fields": ["year"]})
    keys = backoffice.call_kw("ksm.allocation.key", "search_count", [[]])
    due = {}
    for year in sorted({pool["year"] for pool in pools}):
        reported = backoffice.call_kw("ksm.quantity.report", "search_count", [[
            ("partner_id", "=", partner), ("year", "=", year),
            ("state", "in", ["submitted", "confirmed"])]])
        if keys > reported:
            due[year] = keys - reported
    return due


def test_signatory_sees_all_cards_with_the_traegers_figures(browser_factory, backoffice,
                                                            traeger, open_invoice):
    luebtheen = traeger["luebtheen"]
    cards, text = home_cards(browser_factory(MAYOR, MAYOR))
    budgets = backoffice.call_kw("ksm.order.budget", "search_read", [[
        ("partner_id", "=", luebtheen), ("sheet_id.state", "in", ["signed", "active"])]],
        {"fields": ["amount", "amount_consumed", "year"]})
    # one year's budget, never several years added up: this year's, else the latest
    years = {budget["year"] for budget in budgets}
    assert len(years) > 1  # the demo has open budgets of 2021 and 2022
    year = datetime.date.today().year if datetime.date.today().year in years else max(years)
    budgets = [budget for budget in budgets if budget["year"] == year]
    assert list(cards) == ["Trägerschaft", "Gültige Servicescheine",
                           "Verbrauchtes Auftragsbudget %d" % year, "Offene Rechnungen",
                           "Zu meldende Mengen", "Offene Tickets"]
    assert text.index("Offene Tickets") < text.index("Ihre Dokumente")

    membership = backoffice.call_kw("ksm.membership", "search_read", [[
        ("partner_id", "=", luebtheen)]], {"fields": ["date_start", "capital_amount"],
                                           "order": "date_start desc", "limit": 1})[0]
    assert cards["Trägerschaft"]["figure"] == "Aktiv"
    assert cards["Trägerschaft"]["detail"] == "seit %s" % german_date(membership["date_start"])
    assert cards["Trägerschaft"]["amount"] == "Stammkapitaleinlage: %s" % german_amount(
        membership["capital_amount"])  # 500,00 €

    def sheets(state):
        return backoffice.call_kw("ksm.service.sheet", "search_count", [[
            ("partner_id", "=", luebtheen), ("state", "=", state)]])
    sheet_card = cards["Gültige Servicescheine"]
    assert sheet_card["figure"] == str(sheets("active"))
    to_accept = sheets("resolved")
    assert to_accept and sheet_card["detail"] == (
        "1 wartet auf Ihre Annahme" if to_accept == 1 else "%d warten auf Ihre Annahme" % to_accept)
    assert ("Alle Servicescheine", "/my/service-sheets") in sheet_card["links"]

    amount = sum(budget["amount"] for budget in budgets)
    consumed = sum(budget["amount_consumed"] for budget in budgets)
    budget_card = cards["Verbrauchtes Auftragsbudget %d" % year]
    assert budget_card["figure"] == "%d %%" % round(100.0 * consumed / amount)
    assert budget_card["amount"] == "Verbleibend: %s" % german_amount(amount - consumed)
    assert budget_card["progress"] == "width: %d%%;" % min(round(100.0 * consumed / amount), 100)
    assert ("Auftragsbudgets und Abrufe", "/my/order-budgets") in budget_card["links"]

    count, due = expected_invoices(backoffice, luebtheen)
    assert count >= 1 and due >= 26640.0
    invoice_card = cards["Offene Rechnungen"]
    assert invoice_card["figure"] == str(count)
    assert invoice_card["amount"] == "Offener Betrag: %s" % german_amount(due)
    assert ("Alle Rechnungen", "/my/invoices") in invoice_card["links"]

    quantities = expected_quantities(backoffice, luebtheen)
    quantity_card = cards["Zu meldende Mengen"]
    assert quantity_card["figure"] == str(sum(quantities.values()))
    assert ("Alle Mengenmeldungen", "/my/quantities") in quantity_card["links"]
    for year in quantities:
        assert ("Für %d melden" % year, "/my/quantities/%d" % year) in quantity_card["links"]

    ticket_card = cards["Offene Tickets"]
    assert ticket_card["figure"] == str(expected_tickets(backoffice, luebtheen))
    assert ("Servicelevel", "/my/sla") in ticket_card["links"]
    assert ticket_card["button"] == ("Neues Ticket", "/new/ticket")


def test_overdue_tickets_are_called_out(browser_factory, backoffice, traeger):
    overdue = backoffice.call_kw("helpdesk.ticket", "create", [{
        "name": "Überfällig für die Startseite", "partner_id": traeger["luebtheen"],
        "priority": "3", "ksm_reported_at": "2025-05-13 07:00:00"}])
    try:
        count = backoffice.call_kw("helpdesk.ticket", "search_count", [[
            "|", ("ksm_traeger_id", "=", traeger["luebtheen"]),
            ("partner_id", "child_of", traeger["luebtheen"]),
            ("stage_id.closed", "=", False), ("ksm_sla_status", "=", "overdue")]])
        assert count >= 1
        card = home_cards(browser_factory(MAYOR, MAYOR))[0]["Offene Tickets"]
        assert card["detail"] == "davon %d über der Frist des Servicelevels" % count
        assert card["level"] == "panel-danger"
    finally:
        backoffice.call_kw("helpdesk.ticket", "unlink", [[overdue]])


def test_staff_without_role_see_no_invoice_figures(browser_factory, traeger, open_invoice):
    cards, text = home_cards(browser_factory(STAFF, STAFF))
    assert "Offene Rechnungen" not in cards
    assert "Offener Betrag" not in text
    assert "Offene Tickets" in cards and "Gültige Servicescheine" in cards
    detail = cards["Gültige Servicescheine"]["detail"]
    assert re.fullmatch(r"1 wartet|\d+ warten", detail.split(" auf ")[0]), detail
    assert detail.endswith("auf die Annahme durch Ihre Zeichnungsberechtigten")
    quantity_card = cards["Zu meldende Mengen"]
    if quantity_card["figure"] != "0":
        assert quantity_card["detail"] == "Ihre Ansprechpartner für Finanzen melden sie."
        assert not [link for link in quantity_card["links"] if "/my/quantities/" in link[1]]


def test_finance_sees_the_invoices(browser_factory, backoffice, traeger, open_invoice):
    cards = home_cards(browser_factory(FINANCE, FINANCE))[0]
    count, due = expected_invoices(backoffice, traeger["luebtheen"])
    assert cards["Offene Rechnungen"]["figure"] == str(count)
    assert cards["Offene Rechnungen"]["amount"] == "Offener Betrag: %s" % german_amount(due)


def test_other_traeger_sees_its_own_figures(browser_factory, backoffice, traeger, open_invoice):
    cards, text = home_cards(browser_factory(STRANGER, STRANGER))
    assert "Lübtheen" not in text
    schwerin = traeger["schwerin"]
    assert cards["Offene Tickets"]["figure"] == str(expected_tickets(backoffice, schwerin))
    assert "Offene Rechnungen" not in cards  # Schwerin's demo user is an IT contact
    active = backoffice.call_kw("ksm.service.sheet", "search_count", [[
        ("partner_id", "=", schwerin), ("state", "=", "active")]])
    assert cards["Gültige Servicescheine"]["figure"] == str(active)


def home_documents(portal):
    """{link: count} of the list of documents on /my."""
    response = portal.get(portal.url("/my"))
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.text)
    return {item.xpath(".//a")[0].get("href"): int(item.xpath(".//span[@class='badge']")[0]
                                                   .text_content())
            for item in tree.xpath("//ul[contains(@class, 'o_portal_docs')]/li")
            if item.xpath(".//span[@class='badge']")}


def test_the_list_of_documents_counts_the_traegers_records(browser_factory, backoffice,
                                                           traeger):
    """The counters are computed on the home only (not by every portal page: see
    BENCHMARKS.md for the queries), and count the records of the user's Träger."""
    partner = traeger["luebtheen"]

    def count(model, domain):
        return backoffice.call_kw(model, "search_count", [domain])

    expected = {
        "/my/membership": count("ksm.membership", [("partner_id", "=", partner)]),
        "/my/service-sheets": count("ksm.service.sheet", [("partner_id", "=", partner),
                                                          ("state", "!=", "draft")]),
        "/my/order-budgets": count("ksm.order.budget", [("partner_id", "=", partner)]),
        "/my/budget-projects": count("project.project", [
            ("ksm_partner_id", "=", partner), ("ksm_order_budget_id", "!=", False)]),
        "/my/tickets": count("helpdesk.ticket", ["|", ("ksm_traeger_id", "=", partner),
                                                 ("partner_id", "child_of", partner)]),
        "/my/quantities": count("ksm.quantity.report", [("partner_id", "=", partner)]),
    }
    assert all(expected.values()), expected  # the demo has each for Lübtheen
    documents = home_documents(browser_factory(MAYOR, MAYOR))
    for link, number in expected.items():
        assert documents.get(link) == number, (link, documents)
    # another Träger's staff count their own
    stranger = home_documents(browser_factory(STRANGER, STRANGER))
    assert stranger.get("/my/service-sheets") == count("ksm.service.sheet", [
        ("partner_id", "=", traeger["schwerin"]), ("state", "!=", "draft")])
