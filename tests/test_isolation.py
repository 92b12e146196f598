"""Route-complete isolation suite: a portal user never sees another Träger's data.

The routes come from Odoo's routing map (every route whose controller lives in a ksm
module), so a new route cannot be forgotten: a route with a parameter this suite does not
know fails ``test_every_ksm_route_is_known``. For every record-bearing route, a user of
Lübtheen requests the URL with a record of Landeshauptstadt Schwerin (and an anonymous
visitor tries too); each answer must be 403 or 404 (anonymous: also a redirect to the
login), never data. List pages must not show Schwerin's records. The same is checked for
attachments and report PDFs, and for JSON-RPC ``search_read``/``read`` on every ksm model.
"""
import io
import json
import re
import subprocess

import pypdf
import pytest
import requests

from .conftest import Browser
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
    if module.startswith("odoo.addons.ksm_"):
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
# ksm models only KSM staff may read: a portal user's read must be refused outright
INTERNAL_MODELS = {"ksm.invoice.run", "ksm.invoice.run.category"}
# where each ksm model keeps its Träger, when not in partner_id
OWNER_PATHS = {
    "ksm.consent": "membership_id.partner_id",
    "ksm.onetime.cost.share": "cost_id.partner_id",
}


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
def admin_rpc(odoo_server):
    session = Browser(odoo_server.url)
    session.login("admin", "admin")
    return session


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
                                                    odoo_server):
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
    print("\nisolation suite: %d ksm routes in the routing map, %d record-bearing routes "
          "checked with %d requests" % (len(ksm_routes), checked_routes, requests_made))
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
    return sorted(m["model"] for m in models)


def _owner_path(admin_rpc, model):
    if model in OWNER_PATHS:
        return OWNER_PATHS[model]
    fields = admin_rpc.call_kw(model, "fields_get", [], {"attributes": ["type", "relation"]})
    partner = fields.get("partner_id")
    if partner and partner.get("relation") == "res.partner":
        return "partner_id"
    return None


def test_json_rpc_reads_only_own_records_of_every_ksm_model(admin_rpc, own_user):
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
    print("\nJSON-RPC isolation: %d ksm models checked" % checked)
    assert not unclassified, ("ksm models without a known Träger: add them to OWNER_PATHS or "
                              "REFERENCE_MODELS in tests/test_isolation.py: %s" % unclassified)
    assert not leaks, "\n".join(leaks)


def test_document_versions_only_own_accepted_ones(other_records, own_user):
    visible = own_user.call_kw("ksm.document.version", "search_read",
                               [[("id", "in", other_records["version_id"])]],
                               {"fields": ["name"]})
    assert visible == []
