"""Route-complete isolation suite: a portal user never sees another Träger's data.

The routes come from Odoo's routing map (every route whose controller lives in a ksm
module), so a new route cannot be forgotten: a route with a parameter this suite does not
know fails ``test_every_ksm_route_is_known``. For every record-bearing route, a user of
Lübtheen requests the URL with a record of Landeshauptstadt Schwerin (and an anonymous
visitor tries too); each answer must be 403 or 404 (anonymous: also a redirect to the
login), never data. List pages must not show Schwerin's records. The same is checked for
attachments and report PDFs, and for JSON-RPC ``search_read``/``read`` on every ksm model.

Within a Träger, the roles decide: ``ROUTE_KINDS`` says for every route which people of
Lübtheen may use it (signatory, finance, other staff, the staff of one of its schools); a
route missing from it fails ``test_every_ksm_route_says_who_may_use_it``. Every route is
requested with Lübtheen's own records by every kind of user: the admitted get the page,
the others 403 or 404 and none of the records' texts; POST routes are tried on fresh
records and must change nothing for the others. Invoice files and JSON-RPC likewise.
The coverage (routes, requests per kind) is printed whether or not pytest captures.
"""
import io
import json
import re
import subprocess

import pypdf
import pytest
import requests

from .conftest import Browser, this_years_order_budget
from .odoo_env import ROOT, odoo_command

OWN, OTHER = "Stadt Lübtheen", "Landeshauptstadt Schwerin"
REFUSED = (403, 404)

ROUTES_SCRIPT = r'''
import inspect, json, odoo
from odoo import http
installed = env.registry._init_modules - {"web"}
mods = [""] + odoo.conf.server_wide_modules + sorted(installed)
converters = type(env["ir.http"])._get_converters()
found = []
for rule in http.routing_map(mods, False, converters=converters).iter_rules():
    module = inspect.getmodule(rule.endpoint.method).__name__
    # the project's portal modules: KSM's, and the e-invoice downloads KSM's invoices use
    if module.startswith(("odoo.addons.ksm_", "odoo.addons.l10n_de_xrechnung.")):
        found.append({"rule": rule.rule, "module": module, "auth": rule.endpoint.routing["auth"],
                      "methods": sorted(rule.methods or []), "args": sorted(rule.arguments)})
print("KSM_ROUTES=" + json.dumps(found))
'''

# How the suite finds the other Träger's record for a URL parameter.
#   model: the record's model; owner: the path to its Träger (commercial partner)
RECORD_PARAMS = {
    "sheet_id": {"model": "ksm.service.sheet", "owner": "partner_id"},
    "membership_id": {"model": "ksm.membership", "owner": "partner_id"},
    "resolution_id": {"model": "ksm.resolution", "owner": "partner_id"},
    "school_id": {"model": "ksm.school", "owner": "partner_id"},
    "invoice_id": {"model": "account.invoice", "owner": "partner_id"},
    "budget_id": {"model": "ksm.order.budget", "owner": "partner_id"},
    "call_id": {"model": "ksm.order.call", "owner": "partner_id"},
    "project_id": {"model": "project.project", "owner": "ksm_partner_id"},
    "ticket_id": {"model": "helpdesk.ticket", "owner": "partner_id"},
}
# parameters that select a variant or a page of something already covered
PLAIN_PARAMS = {"page": "1", "variant": "clean", "year": "2021"}
# parameters resolved by a route-specific rule below
SPECIAL_PARAMS = {"attachment_id", "version_id"}

# ksm models a portal user may read although they do not belong to a Träger:
# catalogue and reference data without anybody's figures (the service levels are KSM's
# public terms), and KSM's own cost pools (the totals every Träger's allocation
# statement shows)
REFERENCE_MODELS = {"ksm.task", "ksm.funding.programme", "ksm.service.price",
                    "ksm.allocation.key", "ksm.cost.pool", "ksm.sla.target"}
# abstract mixins of the ksm modules: they have no table, so no records to leak (a new
# model of them must be named here, or given an owner above)
ABSTRACT_MODELS = {"ksm.display.mixin", "ksm.invoicing.mixin"}
# ksm models only KSM staff may read: a portal user's read must be refused outright
INTERNAL_MODELS = {"ksm.invoice.run", "ksm.invoice.run.category"}
# where each ksm model keeps its Träger, when not in partner_id
OWNER_PATHS = {
    "ksm.consent": "membership_id.partner_id",
    "ksm.onetime.cost.share": "cost_id.partner_id",
}


def _report(capsys, text):
    """Coverage lines that show in the test log whether or not pytest captures output."""
    with capsys.disabled():
        print("\n" + text)


@pytest.fixture(scope="module")
def ksm_routes(odoo_db):
    output = subprocess.run(
        odoo_command(["shell", "-d", odoo_db, "--no-http", "--log-level=warn"]),
        input=ROUTES_SCRIPT, capture_output=True, text=True, cwd=ROOT, timeout=300).stdout
    line = next(l for l in output.splitlines() if l.startswith("KSM_ROUTES="))
    routes = json.loads(line[len("KSM_ROUTES="):])
    assert routes, "no ksm routes found in the routing map"
    return routes


@pytest.fixture(scope="module")
def admin_rpc(backoffice):
    return backoffice


def _traeger(admin_rpc, name):
    ids = admin_rpc.call_kw("res.partner", "search", [[("name", "=", name),
                                                      ("ksm_is_traeger", "=", True)]])
    assert len(ids) == 1, name
    return ids[0]


def _validated_invoice(admin_rpc, partner, label):
    """A validated invoice to ``partner`` (validation attaches its XRechnung)."""
    account = admin_rpc.call_kw("account.account", "search",
                                [[("internal_type", "=", "other")]], {"limit": 1})[0]
    invoice = admin_rpc.call_kw("account.invoice", "create", [{
        "partner_id": partner, "type": "out_invoice",
        "invoice_line_ids": [(0, 0, {"name": label, "quantity": 1, "price_unit": 100,
                                     "account_id": account})]}])
    admin_rpc.call_kw("account.invoice", "action_invoice_open", [[invoice]])
    return invoice


@pytest.fixture(scope="module")
def other_records(admin_rpc):
    """Records of the other Träger (Schwerin) for every record parameter; created where
    the demo has none (a school, a validated invoice)."""
    other = _traeger(admin_rpc, OTHER)
    if not admin_rpc.call_kw("ksm.school", "search", [[("partner_id", "=", other)]]):
        admin_rpc.call_kw("ksm.school", "create", [{
            "name": "Isolationstest-Schule Schwerin", "partner_id": other,
            "school_type": "grundschule"}])
    _validated_invoice(admin_rpc, other, "Isolationstest Schwerin")
    records = {}
    for param, spec in RECORD_PARAMS.items():
        ids = admin_rpc.call_kw(spec["model"], "search", [[
            (spec["owner"] + ".commercial_partner_id", "=", other)]])
        assert ids, "no %s of %s to test with" % (spec["model"], OTHER)
        records[param] = ids
    # a resolution of the other Träger with a file, and a document version only it accepted
    resolutions = admin_rpc.call_kw("ksm.resolution", "search_read", [[
        ("partner_id", "=", other), ("attachment_ids", "!=", False)]], {
        "fields": ["attachment_ids"]})
    if not resolutions:
        attachment = admin_rpc.call_kw("ir.attachment", "create", [{
            "name": "beschluss-schwerin.txt", "datas": "QmVzY2hsdXNz",
            "datas_fname": "beschluss-schwerin.txt"}])
        admin_rpc.call_kw("ksm.resolution", "write", [records["resolution_id"][:1], {
            "attachment_ids": [(4, attachment)]}])
        resolutions = [{"id": records["resolution_id"][0], "attachment_ids": [attachment]}]
    records["resolution_with_file"] = (resolutions[0]["id"], resolutions[0]["attachment_ids"][0])
    own = _traeger(admin_rpc, OWN)
    own_versions = set()
    for membership in admin_rpc.call_kw("ksm.membership", "search_read", [[
            ("partner_id", "=", own)]], {"fields": ["statute_version_id", "contract_version_id",
                                                    "allocation_rules_version_id"]}):
        own_versions.update(v[0] for k, v in membership.items() if k != "id" and v)
    other_versions = set()
    for membership in admin_rpc.call_kw("ksm.membership", "search_read", [[
            ("partner_id", "=", other)]], {"fields": ["statute_version_id", "contract_version_id",
                                                      "allocation_rules_version_id"]}):
        other_versions.update(v[0] for k, v in membership.items() if k != "id" and v)
    records["version_id"] = sorted(other_versions - own_versions)
    assert records["version_id"], "no document version only %s accepted" % OTHER
    return records


@pytest.fixture(scope="module")
def own_user(odoo_server):
    session = Browser(odoo_server.url)
    session.login("luebtheen", "luebtheen")
    return session


def _urls(route, records):
    """The URLs to try for a route, one per record of the other Träger (at most 3)."""
    rule = route["rule"]
    args = set(route["args"])
    if "attachment_id" in args:
        resolution, attachment = records["resolution_with_file"]
        return [rule.replace("<int:resolution_id>", str(resolution))
                    .replace("<int:attachment_id>", str(attachment))]
    record_args = [a for a in args if a in RECORD_PARAMS or a == "version_id"]
    if not record_args:
        return []
    assert len(record_args) == 1, rule
    arg = record_args[0]
    urls = []
    for record_id in records[arg][:3]:
        url = re.sub(r"<(?:int|string|model\([^)]*\)):%s>" % arg, str(record_id), rule)
        for plain, value in PLAIN_PARAMS.items():
            url = re.sub(r"<(?:\w+:)?%s>" % plain, value, url)
        urls.append(url)
    return urls


@pytest.fixture(scope="module")
def own_records(admin_rpc, other_records):
    """The same kinds of records of the user's own Träger (the positive control)."""
    own = _traeger(admin_rpc, OWN)
    records = {}
    for param, spec in RECORD_PARAMS.items():
        domain = [(spec["owner"] + ".commercial_partner_id", "=", own)]
        if spec["model"] == "ksm.service.sheet":
            domain.append(("state", "not in", ["draft"]))  # drafts are internal
        if spec["model"] == "account.invoice":
            continue  # one with an e-invoice is made below
        records[param] = admin_rpc.call_kw(spec["model"], "search", [domain], {"limit": 1})
    records["invoice_id"] = [_validated_invoice(admin_rpc, own, "Isolationstest Lübtheen")]
    memberships = admin_rpc.call_kw("ksm.membership", "search_read", [[
        ("partner_id", "=", own), ("statute_version_id", "!=", False)]], {
        "fields": ["statute_version_id"], "limit": 1})
    records["version_id"] = [memberships[0]["statute_version_id"][0]]
    resolutions = admin_rpc.call_kw("ksm.resolution", "search_read", [[
        ("partner_id", "=", own), ("attachment_ids", "!=", False)]], {
        "fields": ["attachment_ids"], "limit": 1})
    records["resolution_with_file"] = (resolutions[0]["id"], resolutions[0]["attachment_ids"][0])
    return records


def test_routes_answer_the_own_traegers_records(ksm_routes, own_records, own_user, odoo_server):
    """Positive control: the URLs the suite builds do reach data when the data is yours."""
    failing, checked = [], 0
    for route in ksm_routes:
        if route["methods"] == ["POST"]:
            continue
        for url in _urls(route, own_records)[:1]:
            checked += 1
            response = own_user.get(odoo_server.url + url, allow_redirects=False)
            if response.status_code != 200:
                failing.append("%s: %s" % (url, response.status_code))
    assert checked >= 8
    assert not failing, "own records not shown:\n" + "\n".join(failing)


def test_every_ksm_route_is_known(ksm_routes):
    unknown = sorted({(r["rule"], a) for r in ksm_routes for a in r["args"]
                      if a not in RECORD_PARAMS and a not in PLAIN_PARAMS
                      and a not in SPECIAL_PARAMS})
    assert not unknown, ("routes with parameters the isolation suite does not know; add them "
                         "to RECORD_PARAMS in tests/test_isolation.py: %s" % unknown)


def test_no_route_answers_another_traegers_records(ksm_routes, other_records, own_user,
                                                    odoo_server, capsys):
    anonymous = requests.Session()
    refused, checked_routes = [], 0
    requests_made = 0
    for route in ksm_routes:
        urls = _urls(route, other_records)
        if not urls:
            continue
        checked_routes += 1
        for url in urls:
            for who, session in (("luebtheen", own_user), ("anonymous", anonymous)):
                if route["methods"] == ["POST"]:
                    token = own_user.csrf_token("/my/account") if session is own_user else ""
                    response = session.post(odoo_server.url + url, data={
                        "csrf_token": token}, allow_redirects=False)
                else:
                    response = session.get(odoo_server.url + url, allow_redirects=False)
                requests_made += 1
                allowed = REFUSED + ((302, 303) if who == "anonymous" else ())
                if response.status_code in (302, 303) and who == "anonymous":
                    assert "/web/login" in response.headers["Location"], url
                if response.status_code not in allowed:
                    refused.append("%s %s as %s: %s" % (
                        "POST" if route["methods"] == ["POST"] else "GET", url, who,
                        response.status_code))
    _report(capsys, "isolation suite: %d ksm routes in the routing map, %d record-bearing "
            "routes checked with %d requests" % (len(ksm_routes), checked_routes,
                                                 requests_made))
    assert checked_routes >= 10
    assert not refused, "another Träger's records were answered:\n" + "\n".join(refused)


def test_list_pages_show_only_own_records(ksm_routes, own_user, admin_rpc, odoo_server):
    other = _traeger(admin_rpc, OTHER)
    markers = [s["name"] for s in admin_rpc.call_kw(
        "ksm.service.sheet", "search_read", [[("partner_id", "=", other)]], {"fields": ["name"]})]
    markers += [s["name"] for s in admin_rpc.call_kw(
        "ksm.school", "search_read", [[("partner_id", "=", other)]], {"fields": ["name"]})]
    markers += [r["name"] for r in admin_rpc.call_kw(
        "ksm.resolution", "search_read", [[("partner_id", "=", other)]], {"fields": ["name"]})]
    markers.append(OTHER)
    lists = [r["rule"] for r in ksm_routes if r["methods"] != ["POST"]
             and all(arg in PLAIN_PARAMS for arg in r["args"])]
    assert lists
    for rule in lists:
        url = rule
        for plain, value in PLAIN_PARAMS.items():
            url = re.sub(r"<(?:\w+:)?%s>" % plain, value, url)
        response = own_user.get(odoo_server.url + url)
        assert response.status_code == 200, url
        text = response.text
        if response.headers.get("Content-Type") == "application/pdf":
            pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
            text = " ".join(" ".join(page.extract_text() for page in pages).split())
        leaked = [m for m in markers if m in text]
        assert not leaked, "%s shows %s" % (url, leaked)


def test_attachments_and_reports_of_another_traeger_are_refused(other_records, own_user,
                                                                 admin_rpc, odoo_server):
    other = _traeger(admin_rpc, OTHER)
    attachment_ids = admin_rpc.call_kw("ir.attachment", "search", [[
        "|", "|",
        "&", ("res_model", "=", "ksm.resolution"), ("res_id", "in", other_records["resolution_id"]),
        "&", ("res_model", "=", "account.invoice"), ("res_id", "in", other_records["invoice_id"]),
        "&", ("res_model", "=", "ksm.document.version"), ("res_id", "in", other_records["version_id"]),
    ]])
    attachment_ids.append(other_records["resolution_with_file"][1])
    for attachment in set(attachment_ids):
        response = own_user.get(odoo_server.url + "/web/content/%d?download=true" % attachment,
                                allow_redirects=False)
        assert response.status_code in REFUSED, ("attachment", attachment, response.status_code)
    reports = admin_rpc.call_kw("ir.actions.report", "search_read", [[
        ("model", "in", ["ksm.service.sheet", "ksm.membership", "account.invoice",
                         "ksm.school"])]], {"fields": ["report_name", "model"]})
    assert reports
    model_param = {spec["model"]: param for param, spec in RECORD_PARAMS.items()}
    for report in reports:
        record = other_records[model_param[report["model"]]][0]
        response = own_user.get(odoo_server.url + "/report/pdf/%s/%d" % (
            report["report_name"], record), allow_redirects=False)
        assert response.status_code != 200 or b"%PDF" not in response.content[:8], (
            report["report_name"], other)


def _ksm_models(admin_rpc):
    models = admin_rpc.call_kw("ir.model", "search_read", [[("model", "=like", "ksm.%"),
                                                            ("transient", "=", False)]],
                               {"fields": ["model"]})
    return sorted(m["model"] for m in models if m["model"] not in ABSTRACT_MODELS)


def _owner_path(admin_rpc, model):
    if model in OWNER_PATHS:
        return OWNER_PATHS[model]
    fields = admin_rpc.call_kw(model, "fields_get", [], {"attributes": ["type", "relation"]})
    partner = fields.get("partner_id")
    if partner and partner.get("relation") == "res.partner":
        return "partner_id"
    return None


def test_json_rpc_reads_only_own_records_of_every_ksm_model(admin_rpc, own_user, capsys):
    own = _traeger(admin_rpc, OWN)
    unclassified, leaks, checked = [], [], 0
    for model in _ksm_models(admin_rpc):
        if model in REFERENCE_MODELS:
            continue
        if model in INTERNAL_MODELS:
            checked += 1
            try:
                rows = own_user.call_kw(model, "search_read", [[]], {"fields": ["id"]})
                leaks.append("%s (internal): search_read returned %d rows" % (model, len(rows)))
            except RuntimeError:
                pass
            continue
        if model == "ksm.document.version":
            owner_domain = None  # checked through the accepted versions below
        else:
            path = _owner_path(admin_rpc, model)
            if not path:
                unclassified.append(model)
                continue
            owner_domain = [(path + ".commercial_partner_id", "!=", own)]
        if owner_domain is None:
            continue
        foreign = admin_rpc.call_kw(model, "search", [owner_domain], {"limit": 50})
        checked += 1
        try:
            visible = own_user.call_kw(model, "search_read", [[("id", "in", foreign)]],
                                       {"fields": ["display_name"]})
        except RuntimeError:
            visible = []  # no read access at all
        if visible:
            leaks.append("%s: search_read shows %s" % (model, [v["id"] for v in visible]))
        if foreign:
            try:
                read = own_user.call_kw(model, "read", [foreign[:5], ["display_name"]])
                leaks.append("%s: read returned %s" % (model, read))
            except RuntimeError:
                pass
    _report(capsys, "JSON-RPC isolation: %d ksm models checked" % checked)
    assert not unclassified, ("ksm models without a known Träger: add them to OWNER_PATHS or "
                              "REFERENCE_MODELS in tests/test_isolation.py: %s" % unclassified)
    assert not leaks, "\n".join(leaks)


def test_document_versions_only_own_accepted_ones(other_records, own_user):
    visible = own_user.call_kw("ksm.document.version", "search_read",
                               [[("id", "in", other_records["version_id"])]],
                               {"fields": ["name"]})
    assert visible == []


# --------------------------------------------------------------------------- roles
# Which people of a Träger may use each ksm route with the Träger's own records. The kinds
# of users (all of Stadt Lübtheen, from the demo):
SIGNATORY, FINANCE, STAFF, SCHOOL = "signatory", "finance", "staff", "school"
KIND_LOGINS = {
    SIGNATORY: "luebtheen",            # Ines Becker, mayor: ksm_role_signatory
    FINANCE: "luebtheen-kaemmerei",    # Kerstin Schulz, treasury: ksm_role_finance
    STAFF: "luebtheen-it",             # Martin Schröder, IT: neither of the two
    SCHOOL: "schule-luebtheen",        # Katrin Wolff, head of the Grundschule Lübtheen
}
TRAEGER_STAFF = frozenset({SIGNATORY, FINANCE, STAFF})
EVERYBODY = TRAEGER_STAFF | {SCHOOL}
INVOICE_ROLES = frozenset({SIGNATORY, FINANCE})       # PORTAL_ACTION_ROLES["invoices"]
QUANTITY_ROLES = frozenset({SIGNATORY, FINANCE})      # _may_report_quantities
SIGNATORY_ONLY = frozenset({SIGNATORY})               # accept sheets, approve calls

# route (its rule; "POST " + rule for routes that only take POST) -> the kinds of users
# it serves with the Träger's records. The school's staff see their school and its
# tickets, nothing of the town hall; the Träger's records (sheets, budgets, invoices,
# the Träger's tickets) are for the Träger's own people.
ROUTE_KINDS = {
    "/my": EVERYBODY,
    "/my/home": EVERYBODY,
    "/new/ticket": EVERYBODY,
    "POST /submitted/ticket": EVERYBODY,
    "POST /ticket/close": TRAEGER_STAFF,
    "/my/tickets": EVERYBODY,
    "/my/tickets/page/<int:page>": EVERYBODY,
    "/my/ticket/<int:ticket_id>": TRAEGER_STAFF,
    "/my/sla": EVERYBODY,
    "/my/membership": EVERYBODY,
    "/my/membership/<int:membership_id>": TRAEGER_STAFF,
    "/my/membership/document/<int:version_id>/<string:variant>": TRAEGER_STAFF,
    "/my/membership/resolution/<int:resolution_id>": TRAEGER_STAFF,
    "/my/membership/resolution/<int:resolution_id>/file/<int:attachment_id>": TRAEGER_STAFF,
    "/my/service-sheets": EVERYBODY,
    "/my/service-sheets/page/<int:page>": EVERYBODY,
    "/my/service-sheets/<int:sheet_id>": TRAEGER_STAFF,
    "/my/service-sheets/<int:sheet_id>/pdf": TRAEGER_STAFF,
    "/my/service-sheets/<int:sheet_id>/annex/pdf": TRAEGER_STAFF,
    "POST /my/service-sheets/<int:sheet_id>/accept": SIGNATORY_ONLY,
    "/my/order-budgets": EVERYBODY,
    "/my/order-budgets/<int:budget_id>": TRAEGER_STAFF,
    "/my/order-budgets/<int:budget_id>/call": TRAEGER_STAFF,
    "/my/order-calls/<int:call_id>": TRAEGER_STAFF,
    "POST /my/order-calls/<int:call_id>/approve": SIGNATORY_ONLY,
    "POST /my/order-calls/<int:call_id>/refuse": SIGNATORY_ONLY,
    "/my/budget-projects": EVERYBODY,
    "/my/budget-projects/<int:project_id>": TRAEGER_STAFF,
    "/my/quantities": TRAEGER_STAFF,
    "/my/quantities/<int:year>": TRAEGER_STAFF,
    "POST /my/quantities/<int:year>": QUANTITY_ROLES,
    "POST /my/quantities/<int:year>/withdraw": QUANTITY_ROLES,
    "/my/allocation": TRAEGER_STAFF,
    "/my/allocation/<int:year>": TRAEGER_STAFF,
    "/my/allocation/<int:year>/pdf": TRAEGER_STAFF,
    "/my/trueup/<int:year>": INVOICE_ROLES,
    "/my/trueup/<int:year>/pdf": INVOICE_ROLES,
    "/my/invoices": INVOICE_ROLES,
    "/my/invoices/page/<int:page>": INVOICE_ROLES,
    "/my/invoices/<int:invoice_id>": INVOICE_ROLES,
    "/my/invoices/pdf/<int:invoice_id>": INVOICE_ROLES,
    "/my/invoices/<int:invoice_id>/xrechnung": INVOICE_ROLES,
    "/my/invoices/<int:invoice_id>/facturx": INVOICE_ROLES,
    "/my/schools": EVERYBODY,
    "/my/schools/<int:school_id>": EVERYBODY,
    "/my/schools/<int:school_id>/ticket/new": EVERYBODY,
    "/my/account": EVERYBODY,   # one's own contact details (ksm_membership: POST only)
}


def _route_key(route):
    return ("POST " if route["methods"] == ["POST"] else "") + route["rule"]


def test_every_ksm_route_says_who_may_use_it(ksm_routes, capsys):
    keys = {_route_key(route) for route in ksm_routes}
    _report(capsys, "ksm portal routes and who may use them:\n" + "\n".join(
        "  %-72s %s" % (key, ", ".join(sorted(ROUTE_KINDS.get(key, ["(unknown)"]))))
        for key in sorted(keys)))
    missing = sorted(keys - set(ROUTE_KINDS))
    assert not missing, ("ksm routes without their user kinds; add them to ROUTE_KINDS in "
                         "tests/test_isolation.py: %s" % missing)
    gone = sorted(set(ROUTE_KINDS) - keys)
    assert not gone, "ROUTE_KINDS names routes that no longer exist: %s" % gone


@pytest.fixture(scope="module")
def kind_users(odoo_server):
    sessions = {}
    for kind, login in KIND_LOGINS.items():
        sessions[kind] = Browser(odoo_server.url)
        sessions[kind].login(login, login)
    yield sessions
    for session in sessions.values():
        session.close()


def _it_partner(admin_rpc):
    """The contact of Lübtheen's IT staff user, who reports the town hall's tickets."""
    user = admin_rpc.xmlid("ksm_helpdesk.user_luebtheen_it")
    return admin_rpc.call_kw("res.users", "read", [[user], ["partner_id"]])[0]["partner_id"][0]


@pytest.fixture(scope="module")
def role_records(admin_rpc, own_records):
    """The own Träger's records the role suite requests: those of the positive control,
    the Grundschule Lübtheen as the school, and a fresh ticket of the town hall; with the
    text that shows each record (its marker)."""
    own = _traeger(admin_rpc, OWN)
    records = dict(own_records)
    records["school_id"] = [admin_rpc.xmlid("ksm_schul_it.school_grundschule_luebtheen")]
    records["ticket_id"] = [admin_rpc.call_kw("helpdesk.ticket", "create", [{
        "name": "Rollentest: Drucker im Rathaus druckt nicht",
        "description": "Der Drucker im Bürgerbüro zieht kein Papier ein.",
        "partner_id": _it_partner(admin_rpc)}])]
    invoice = admin_rpc.call_kw("account.invoice", "read", [records["invoice_id"], ["number"]])
    sheet = admin_rpc.call_kw("ksm.service.sheet", "read", [records["sheet_id"], ["name"]])
    budget = admin_rpc.call_kw("ksm.order.budget", "read", [records["budget_id"], ["name"]])
    call = admin_rpc.call_kw("ksm.order.call", "read", [records["call_id"], ["name"]])
    project = admin_rpc.call_kw("project.project", "read", [records["project_id"], ["name"]])
    resolution = admin_rpc.call_kw("ksm.resolution", "read", [records["resolution_id"],
                                                                ["name"]])
    records["markers"] = {
        "invoice_id": invoice[0]["number"],
        "sheet_id": sheet[0]["name"],
        "budget_id": budget[0]["name"],
        "call_id": call[0]["name"],
        "project_id": project[0]["name"],
        "resolution_id": resolution[0]["name"],
        "ticket_id": "Rollentest: Drucker im Rathaus druckt nicht",
    }
    assert all(records["markers"].values()), records["markers"]
    records["traeger"] = own
    return records


def _get(session, odoo_server, url):
    return session.get(odoo_server.url + url, allow_redirects=False)


def _post(session, odoo_server, url, data):
    token = session.csrf_token("/my/account")
    return session.post(odoo_server.url + url, data=dict(data, csrf_token=token),
                        allow_redirects=False)


def _text(response):
    """What a response shows: the page, or the text of a PDF."""
    if response.content[:4] == b"%PDF":
        pages = pypdf.PdfReader(io.BytesIO(response.content)).pages
        return " ".join(" ".join(page.extract_text() for page in pages).split())
    return response.content.decode("utf-8", "replace")


def test_every_route_refuses_the_wrong_kind_of_user(ksm_routes, role_records, kind_users,
                                                   odoo_server, capsys):
    """GET every route that takes GET with the own Träger's records, as every kind of
    user: the kinds of ROUTE_KINDS get the page (200) with the record, and no text of a
    record they may not open elsewhere; all others 403 or 404 and none of the Träger's
    record texts."""
    markers = list(role_records["markers"].values())
    # the texts of the records a kind of user may not open: no page may show them to it
    hidden = {kind: {role_records["markers"][arg] for route in ksm_routes
                     if route["methods"] != ["POST"] for arg in route["args"]
                     if arg in role_records["markers"]
                     and kind not in ROUTE_KINDS[_route_key(route)]}
              for kind in EVERYBODY}
    failures, per_kind, requests_made, routes_checked = [], {}, 0, 0
    for route in ksm_routes:
        if route["methods"] == ["POST"]:
            continue  # see test_post_routes_refuse_the_wrong_kind_of_user
        urls = _urls(route, role_records)[:1] or [route["rule"]]
        url = urls[0]
        for plain, value in PLAIN_PARAMS.items():
            url = re.sub(r"<(?:\w+:)?%s>" % plain, value, url)
        assert "<" not in url, url
        routes_checked += 1
        admitted = ROUTE_KINDS[_route_key(route)]
        # the text of the record in the URL, which an admitted user sees
        marker = next((role_records["markers"][arg] for arg in route["args"]
                       if arg in role_records["markers"]), None)
        for kind, session in kind_users.items():
            response = _get(session, odoo_server, url)
            requests_made += 1
            per_kind[kind] = per_kind.get(kind, 0) + 1
            if kind in admitted:
                if response.status_code != 200:
                    failures.append("GET %s as %s: %s, expected 200" % (
                        url, kind, response.status_code))
                elif marker and marker not in _text(response):
                    failures.append("GET %s as %s does not show %r" % (url, kind, marker))
                shown = [text for text in hidden[kind] if text in _text(response)]
                if shown:
                    failures.append("GET %s as %s shows %s" % (url, kind, shown))
                continue
            if response.status_code not in REFUSED:
                failures.append("GET %s as %s: %s, expected 403/404" % (
                    url, kind, response.status_code))
            shown = [marker for marker in markers if marker in _text(response)]
            if shown:
                failures.append("GET %s as %s shows %s" % (url, kind, shown))
    _report(capsys, "role isolation (GET): %d routes, %d requests (%s)" % (
        routes_checked, requests_made, ", ".join(
            "%s %d" % item for item in sorted(per_kind.items()))))
    assert routes_checked >= 30
    assert not failures, "\n".join(failures)


REDIRECT = (302, 303)  # where a form sends the user after doing what it is for

# POST routes: for each, how to make a fresh case of the own Träger (through admin), so
# that a refused user's attempt can be checked to have changed nothing and an admitted
# user's to have done what the form is for. A case: the URL, the form, ``state()`` (what
# the request may change, read as admin), and ``admitted``: the status an admitted user
# gets and whether the state then changes.
def _fresh_ticket_case(admin_rpc, records):
    ticket = admin_rpc.call_kw("helpdesk.ticket", "create", [{
        "name": "Rollentest: Ticket zum Schließen", "description": "Bitte schließen.",
        "partner_id": _it_partner(admin_rpc)}])
    done = admin_rpc.xmlid("helpdesk_mgmt.helpdesk_ticket_stage_done")
    return {
        "url": "/ticket/close", "data": {"ticket_id": ticket, "stage_id": done},
        "state": lambda: admin_rpc.call_kw("helpdesk.ticket", "read", [
            [ticket], ["stage_id"]])[0]["stage_id"][0],
        "admitted": (REDIRECT, True),
    }


def _fresh_sheet_case(admin_rpc, records):
    years = admin_rpc.call_kw("ksm.service.sheet", "search_read", [[
        ("partner_id", "=", records["traeger"]), ("scope", "=", "projects")], ["year"]])
    year = max([row["year"] for row in years] + [2050]) + 1
    resolution = records["resolution_id"][0]
    sheet = admin_rpc.call_kw("ksm.service.sheet", "create", [{
        "partner_id": records["traeger"], "year": year, "scope": "projects",
        "title": "Rollentest %d" % year, "resolution_id": resolution,
        "line_ids": [(0, 0, {"product_id": admin_rpc.xmlid("ksm_services.svc_order_budget"),
                             "price_unit": 100.0})]}])
    admin_rpc.call_kw("ksm.service.sheet", "action_submit", [[sheet]])
    admin_rpc.call_kw("ksm.service.sheet", "action_resolve", [[sheet]])
    return {
        "url": "/my/service-sheets/%d/accept" % sheet,
        "data": {"confirm": "1", "signer_name": "Ines Becker"},
        "state": lambda: admin_rpc.call_kw("ksm.service.sheet", "read", [
            [sheet], ["state"]])[0]["state"],
        "admitted": (REDIRECT, True),
    }


def _open_budget(admin_rpc, records):
    return this_years_order_budget(admin_rpc, records["traeger"])


def _call_request_case(admin_rpc, records):
    budget = _open_budget(admin_rpc, records)
    count = lambda: admin_rpc.call_kw("ksm.order.call", "search_count", [[
        ("budget_id", "=", budget)]])
    return {
        "url": "/my/order-budgets/%d/call" % budget,
        "data": {"description": "Rollentest: Lizenz", "amount": "1,00"},
        "state": count, "admitted": (REDIRECT, True),
    }


def _call_decision_case(decision):
    def case(admin_rpc, records):
        call = admin_rpc.call_kw("ksm.order.call", "create", [{
            "budget_id": _open_budget(admin_rpc, records),
            "name": "Rollentest: Abruf zum %s" % decision, "amount": 1.0}])
        return {
            "url": "/my/order-calls/%d/%s" % (call, decision),
            "data": {"reason": "Rollentest: kein Bedarf"} if decision == "refuse" else {},
            "state": lambda: admin_rpc.call_kw("ksm.order.call", "read", [
                [call], ["state"]])[0]["state"],
            "admitted": (REDIRECT, True),
        }
    return case


def _quantity_case(admin_rpc, records):
    """An empty form for a year without reports: saves nothing, answers 'saved'."""
    reported = {row["year"] for row in admin_rpc.call_kw(
        "ksm.quantity.report", "search_read", [[("partner_id", "=", records["traeger"])]],
        {"fields": ["year"]})}
    year = min(set(range(2014, 2021)) - reported)
    count = lambda: admin_rpc.call_kw("ksm.quantity.report", "search_count", [[
        ("partner_id", "=", records["traeger"])]])
    return {"url": "/my/quantities/%d" % year, "data": {}, "state": count,
            "admitted": (REDIRECT, False)}


def _withdraw_case(admin_rpc, records):
    """A submitted report of an early year: withdrawn, it is a draft again (and is
    submitted again for the next case, so that the cases reuse their reports)."""
    own = [("partner_id", "=", records["traeger"]), ("year", ">=", 2014), ("year", "<=", 2020)]
    rows = admin_rpc.call_kw("ksm.quantity.report", "search_read", [
        own + [("state", "in", ["draft", "submitted"])]], {"fields": ["year", "state"]})
    if rows:
        report, year = rows[0]["id"], rows[0]["year"]
        if rows[0]["state"] == "draft":
            admin_rpc.call_kw("ksm.quantity.report", "action_submit", [[report]])
    else:
        reported = {row["year"] for row in admin_rpc.call_kw(
            "ksm.quantity.report", "search_read", [own], {"fields": ["year"]})}
        year = max(set(range(2014, 2021)) - reported)
        key = admin_rpc.call_kw("ksm.allocation.key", "search", [[]], {"limit": 1})[0]
        report = admin_rpc.call_kw("ksm.quantity.report", "create", [{
            "partner_id": records["traeger"], "year": year, "key_id": key, "quantity": 1}])
        admin_rpc.call_kw("ksm.quantity.report", "action_submit", [[report]])
    return {"url": "/my/quantities/%d/withdraw" % year, "data": {},
            "state": lambda: admin_rpc.call_kw("ksm.quantity.report", "read", [
                [report], ["state"]])[0]["state"],
            "admitted": (REDIRECT, True)}


def _empty_ticket_form_case(url_of):
    """An empty ticket form: answered with the form's messages, no ticket made."""
    def case(admin_rpc, records):
        return {"url": url_of(records), "data": {},
                "state": lambda: admin_rpc.call_kw("helpdesk.ticket", "search_count", [[]]),
                "admitted": (None, False)}
    return case


POST_CASES = {
    "POST /submitted/ticket": _empty_ticket_form_case(lambda records: "/submitted/ticket"),
    "/my/schools/<int:school_id>/ticket/new": _empty_ticket_form_case(
        lambda records: "/my/schools/%d/ticket/new" % records["school_id"][0]),
    "POST /ticket/close": _fresh_ticket_case,
    "POST /my/service-sheets/<int:sheet_id>/accept": _fresh_sheet_case,
    "/my/order-budgets/<int:budget_id>/call": _call_request_case,
    "POST /my/order-calls/<int:call_id>/approve": _call_decision_case("approve"),
    "POST /my/order-calls/<int:call_id>/refuse": _call_decision_case("refuse"),
    "POST /my/quantities/<int:year>": _quantity_case,
    "POST /my/quantities/<int:year>/withdraw": _withdraw_case,
}


def test_every_post_route_has_a_case(ksm_routes):
    keys = {_route_key(route) for route in ksm_routes if "POST" in route["methods"]}
    assert keys == set(POST_CASES), (
        "POST routes without a case in POST_CASES (tests/test_isolation.py): %s; cases "
        "of routes that no longer exist: %s" % (sorted(keys - set(POST_CASES)),
                                                 sorted(set(POST_CASES) - keys)))


def test_post_routes_refuse_the_wrong_kind_of_user(ksm_routes, role_records, kind_users,
                                                  admin_rpc, odoo_server, capsys):
    """POST (with the CSRF token) every route that takes POST, as every kind of user, on
    a fresh case of the own Träger: the kinds of ROUTE_KINDS get what the form does (each
    on its own case), all others 403 or 404, and nothing changes."""
    failures, per_kind, requests_made = [], {}, 0
    post_routes = [route for route in ksm_routes if "POST" in route["methods"]]
    for route in post_routes:
        key = _route_key(route)
        admitted = ROUTE_KINDS[key]
        make_case = POST_CASES[key]
        case = make_case(admin_rpc, role_records)
        before = case["state"]()
        for kind in sorted(EVERYBODY - admitted):
            response = _post(kind_users[kind], odoo_server, case["url"], case["data"])
            requests_made += 1
            per_kind[kind] = per_kind.get(kind, 0) + 1
            if response.status_code not in REFUSED:
                failures.append("POST %s as %s: %s, expected 403/404" % (
                    case["url"], kind, response.status_code))
            if case["state"]() != before:
                failures.append("POST %s as %s changed %r to %r" % (
                    case["url"], kind, before, case["state"]()))
        status, changes = case["admitted"]
        for kind in sorted(admitted):
            case = make_case(admin_rpc, role_records)
            before = case["state"]()
            response = _post(kind_users[kind], odoo_server, case["url"], case["data"])
            requests_made += 1
            per_kind[kind] = per_kind.get(kind, 0) + 1
            if status is None:  # the form comes back with its messages in German
                answered = response.status_code in (200, 400) and \
                    "Bitte geben Sie einen Titel ein" in response.text
            else:
                answered = response.status_code in status and "/web/login" not in \
                    response.headers.get("Location", "")
            if not answered:
                failures.append("POST %s as %s: %s, expected %s" % (
                    case["url"], kind, response.status_code, status or "the form"))
            if (case["state"]() != before) != changes:
                failures.append("POST %s as %s: %r -> %r, expected %s" % (
                    case["url"], kind, before, case["state"](),
                    "a change" if changes else "no change"))
    _report(capsys, "role isolation (POST with CSRF): %d routes, %d requests (%s)" % (
        len(post_routes), requests_made, ", ".join(
            "%s %d" % item for item in sorted(per_kind.items()))))
    assert len(post_routes) >= 8
    assert not failures, "\n".join(failures)


def test_invoice_files_only_for_finance_and_signatory(role_records, kind_users, admin_rpc,
                                                      odoo_server, capsys):
    """The files of the own Träger's invoice (its attachments, as the XRechnung, and the
    invoice report) for the kinds of users the invoices are for; 403/404 for the others."""
    invoice = role_records["invoice_id"][0]
    attachments = admin_rpc.call_kw("ir.attachment", "search", [[
        ("res_model", "=", "account.invoice"), ("res_id", "=", invoice)]])
    assert attachments, "the validated invoice has no attachment (XRechnung)"
    urls = ["/web/content/%d?download=true" % attachment for attachment in attachments]
    failures, requests_made = [], 0
    # Odoo's report route is not the portal's (its PDF is /my/invoices/pdf/<id>): it must
    # give nobody without the role the invoice
    report_url = "/report/pdf/account.report_invoice/%d" % invoice
    for kind in sorted(EVERYBODY - INVOICE_ROLES):
        response = _get(kind_users[kind], odoo_server, report_url)
        requests_made += 1
        if response.status_code == 200 and response.content[:4] == b"%PDF" or \
                role_records["markers"]["invoice_id"] in _text(response):
            failures.append("%s as %s: the invoice" % (report_url, kind))
    for url in urls:
        for kind, session in sorted(kind_users.items()):
            response = _get(session, odoo_server, url)
            requests_made += 1
            if kind in INVOICE_ROLES:
                if response.status_code != 200 or not response.content:
                    failures.append("%s as %s: %s" % (url, kind, response.status_code))
            elif response.status_code not in REFUSED or \
                    role_records["markers"]["invoice_id"] in _text(response):
                failures.append("%s as %s: %s, expected 403/404" % (
                    url, kind, response.status_code))
    _report(capsys, "role isolation (invoice files): %d files, %d requests" % (
        len(urls) + 1, requests_made))
    assert not failures, "\n".join(failures)


# the models a school's staff read besides their Träger's staff (rules on the school)
SCHOOL_MODELS = {"ksm.school", "ksm.device", "ksm.funding.grant", "ksm.service.sheet.line"}


def test_json_rpc_respects_the_roles(role_records, kind_users, admin_rpc, capsys):
    """Over JSON-RPC, the town hall's staff without a finance or signatory role read no
    invoice of their Träger, write no quantity report; the school's staff read none of
    their Träger's records but their school's."""
    invoice = role_records["invoice_id"][0]
    own = role_records["traeger"]
    leaks, checked = [], 0
    for kind in (STAFF, SCHOOL):
        session = kind_users[kind]
        checked += 1
        if session.call_kw("account.invoice", "search_read", [[("id", "=", invoice)]],
                           {"fields": ["number"]}):
            leaks.append("%s: search_read of the invoice" % kind)
        try:
            session.call_kw("account.invoice", "read", [[invoice], ["number", "amount_total"]])
            leaks.append("%s: read of the invoice" % kind)
        except RuntimeError:
            pass
        key = admin_rpc.call_kw("ksm.allocation.key", "search", [[]], {"limit": 1})[0]
        before = admin_rpc.call_kw("ksm.quantity.report", "search_count", [[
            ("partner_id", "=", own)]])
        try:
            session.call_kw("ksm.quantity.report", "create", [{
                "partner_id": own, "year": 2015, "key_id": key, "quantity": 7}])
            leaks.append("%s: created a quantity report" % kind)
        except RuntimeError:
            pass
        assert admin_rpc.call_kw("ksm.quantity.report", "search_count", [[
            ("partner_id", "=", own)]]) == before
    school = kind_users[SCHOOL]
    for model in _ksm_models(admin_rpc):
        if model in REFERENCE_MODELS or model in INTERNAL_MODELS or model in SCHOOL_MODELS:
            continue
        path = _owner_path(admin_rpc, model)
        if not path:
            continue
        own_ids = admin_rpc.call_kw(model, "search", [[
            (path + ".commercial_partner_id", "=", own)]], {"limit": 50})
        if not own_ids:
            continue
        checked += 1
        try:
            visible = school.call_kw(model, "search_read", [[("id", "in", own_ids)]],
                                     {"fields": ["display_name"]})
        except RuntimeError:
            visible = []
        if visible:
            leaks.append("school: %s shows %s" % (model, [row["id"] for row in visible]))
    _report(capsys, "role isolation (JSON-RPC): %d checks of models and roles" % checked)
    assert checked >= 10
    assert not leaks, "\n".join(leaks)
