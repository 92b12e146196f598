"""The back office at 1280 px as KSM's staff see it: the KSM app's side bar, its lists
and the smart buttons of its forms (Chromium through Playwright, the demo data).

Odoo 11 shows an app's menus as a side bar: the headings (second level) with their
entries (third level) always open, deeper entries folded under their group.
"""
import pytest

from .conftest import BACKOFFICE_WIDTH as WIDTH
from .odoo_env import KSM_MODULES

MAX_TOP_ENTRIES = 12


@pytest.fixture(scope="module")
def ksm_menu(backoffice):
    """The KSM app's menu tree as the web client gets it for the administrator."""
    menus = backoffice.call_kw("ir.ui.menu", "load_menus", [False],
                               {"context": {"lang": "de_DE"}})
    root = backoffice.xmlid("ksm_membership.menu_ksm_root")
    return next(menu for menu in menus["children"] if menu["id"] == root)


def _walk(menu):
    yield menu
    for child in menu["children"]:
        yield from _walk(child)


def test_the_ksm_app_shows_at_most_a_dozen_top_entries(ksm_menu):
    headings = ksm_menu["children"]
    shown = [heading["name"] for heading in headings] + [
        entry["name"] for heading in headings for entry in heading["children"]]
    assert len(shown) <= MAX_TOP_ENTRIES, "the KSM side bar shows %d entries: %s" % (
        len(shown), shown)
    # the lists are all there, folded into the entries
    assert len([menu for menu in _walk(ksm_menu) if menu["action"]]) >= 45


def test_every_menu_of_the_ksm_modules_stays_reachable(backoffice, ksm_menu):
    """The ksm modules' menus from the KSM app; the generic modules' (e.g. the
    background jobs under Settings › Technical, which Odoo shows in debug mode only)
    from an app of the administrator in debug mode."""
    ours = backoffice.call_kw("ir.model.data", "search_read", [
        [("model", "=", "ir.ui.menu"), ("module", "in", KSM_MODULES)],
        ["module", "name", "res_id"]])
    assert len(ours) >= 60
    in_ksm_app = {menu["id"] for menu in _walk(ksm_menu)}
    # the web client in debug mode: Odoo filters the menus by the request's debug flag
    debug_menus = backoffice.json_rpc("/web/dataset/call_kw/ir.ui.menu/load_menus?debug=1", {
        "model": "ir.ui.menu", "method": "load_menus", "args": [True],
        "kwargs": {"context": {"lang": "de_DE"}}})["result"]
    in_any_app = {menu["id"] for menu in _walk(debug_menus)}
    lost = sorted("%(module)s.%(name)s" % row for row in ours if row["res_id"] not in (
        in_ksm_app if row["module"].startswith("ksm_") else in_any_app))
    assert not lost, "menus no longer reachable: %s" % lost


LIST_OVERFLOW = """() => {
    const table = document.querySelector(
        '.o_view_manager_content:not(.o_stale) table.o_list_view');
    const content = document.querySelector('.o_content');
    return {table: table.getBoundingClientRect().right,
            content: content.getBoundingClientRect().right,
            scroll: content.scrollWidth - content.clientWidth};
}"""


def _goto(page, url, selector):
    """Open ``url`` of the web client and wait for ``selector`` in the new content (the
    hash changes, the page stays: the old content is marked to be told apart)."""
    page.evaluate("() => document.querySelectorAll('.o_view_manager_content').forEach("
                  "node => node.classList.add('o_stale'))")
    page.goto(url)
    page.wait_for_selector(".o_view_manager_content:not(.o_stale) " + selector,
                           state="attached")
    page.wait_for_timeout(300)  # the list's columns are laid out after the rows arrive


def _open_list(page, odoo_server, action_id):
    """The action's list; False when it is empty (Odoo shows its help text then)."""
    _goto(page, odoo_server.url + "/web#action=%d&view_type=list" % action_id,
          ":is(table.o_list_view tbody, .oe_view_nocontent)")
    return page.evaluate("() => !!document.querySelector("
                         "'.o_view_manager_content:not(.o_stale) table.o_list_view tbody')")


def test_every_list_of_the_ksm_app_fits_1280_px(backoffice, ksm_menu, backoffice_page,
                                                odoo_server):
    actions = sorted({int(menu["action"].split(",")[1]) for menu in _walk(ksm_menu)
                      if menu["action"] and menu["action"].startswith("ir.actions.act_window,")})
    modes = {action["id"]: action for action in backoffice.call_kw(
        "ir.actions.act_window", "read", [actions, ["view_mode", "target", "name"]],
        {"context": {"lang": "de_DE"}})}
    lists = [a for a in actions if "tree" in modes[a]["view_mode"].split(",")
             and modes[a]["target"] != "new"]
    assert len(lists) >= 35
    too_wide, empty = [], []
    for action_id in lists:
        if not _open_list(backoffice_page, odoo_server, action_id):
            empty.append(modes[action_id]["name"])
            continue
        sizes = backoffice_page.evaluate(LIST_OVERFLOW)
        if sizes["table"] > sizes["content"] + 1 or sizes["scroll"] > 1:
            too_wide.append("%s (%d px)" % (modes[action_id]["name"], sizes["table"]))
    assert not too_wide, "lists wider than %d px: %s" % (WIDTH, too_wide)
    assert len(empty) <= 3, "lists without demo records to measure: %s" % empty


def test_ticket_list_shows_the_deadlines_and_the_priority_in_words(backoffice,
                                                                   backoffice_page,
                                                                   odoo_server):
    assert _open_list(backoffice_page, odoo_server,
                      backoffice.xmlid("ksm_helpdesk.action_helpdesk_ticket"))
    headers = backoffice_page.evaluate("""() => [...document.querySelectorAll(
        '.o_view_manager_content:not(.o_stale) table.o_list_view thead th')].map(
        th => [th.textContent.trim(), th.getBoundingClientRect().left,
               th.getBoundingClientRect().right])""")
    right = {name: edge for name, __, edge in headers if name}
    for column in ("Ticketnummer", "Titel", "Träger", "Priorität", "Antwort bis",
                   "Lösung bis", "Servicelevel-Status"):
        assert column in right, "no column %r: %s" % (column, sorted(right))
        assert right[column] <= WIDTH, "%r ends at %d px" % (column, right[column])
    priority = [name for name, __, __ in headers].index("Priorität")
    cells = backoffice_page.evaluate("""(column) => [...document.querySelectorAll(
        '.o_view_manager_content:not(.o_stale) table.o_list_view tbody tr.o_data_row')].map(tr => [
        tr.children[column].textContent.trim(),
        tr.children[column].querySelectorAll('.o_priority, .fa-star').length])""", priority)
    assert cells and all(stars == 0 for __, stars in cells), cells
    assert {text for text, __ in cells} <= {"Niedrig", "Mittel", "Hoch", "Sehr hoch"}, cells


# forms with smart buttons, on demo records
FORMS = [
    ("res.partner", "ksm_membership.partner_luebtheen"),
    ("ksm.membership", "ksm_membership.membership_luebtheen"),
    ("ksm.document.version", "ksm_membership.document_statute_2021"),
    ("ksm.service.sheet", "ksm_services.sheet_luebtheen_2021"),
    ("ksm.onetime.cost", "ksm_services.onetime_cost_luebtheen_migration"),
    ("ksm.cost.pool", "ksm_allocation.cost_pool_2021_workstations"),
    ("ksm.true.up", "ksm_allocation.true_up_2021_luebtheen"),
    ("ksm.school", "ksm_schul_it.school_grundschule_luebtheen"),
    ("ksm.service.sheet", "ksm_schul_it.sheet_luebtheen_2021_school_it"),
]

STAT_BUTTONS = """() => {
    const form = document.querySelector('.o_view_manager_content:not(.o_stale)');
    const sheet = form.querySelector('.o_form_sheet').getBoundingClientRect();
    return [...form.querySelectorAll('.o_form_view .oe_button_box .oe_stat_button')]
        .filter(button => button.offsetParent !== null)
        .map(button => {
            const box = button.getBoundingClientRect();
            const cut = [...button.querySelectorAll('.o_stat_text, .o_stat_value, :scope > span')]
                .filter(text => text.scrollWidth > text.clientWidth + 1)
                .map(text => text.textContent.trim());
            return {label: button.textContent.trim().replace(/\\s+/g, ' '), cut: cut,
                    overflows: button.scrollWidth > button.clientWidth + 1,
                    outside: box.left < sheet.left - 1 || box.right > sheet.right + 1};
        });
}"""


def test_smart_buttons_fit_their_labels(backoffice, backoffice_page, odoo_server):
    problems, seen = [], 0
    for model, xmlid in FORMS:
        _goto(backoffice_page, odoo_server.url + "/web#id=%d&model=%s&view_type=form" % (
            backoffice.xmlid(xmlid), model), ".o_form_view .o_form_sheet .oe_button_box")
        buttons = backoffice_page.evaluate(STAT_BUTTONS)
        seen += len(buttons)
        problems += ["%s: %s" % (xmlid, button) for button in buttons
                     if button["cut"] or button["overflows"] or button["outside"]]
    assert seen >= 20
    assert not problems, "smart buttons that do not fit:\n" + "\n".join(problems)
