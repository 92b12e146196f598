"""Every model a portal or public user can touch is accounted for, and none opens another
Träger's records.

``PORTAL_MODEL_ACCESS`` lists every model on which ``base.group_portal`` or
``base.group_public`` has an access right once all our modules are installed, with the
operations each group has and why. The rights are read from ``ir.model.access`` at test
time the way Odoo grants them (the group's rows; where they grant an operation nothing,
the rows without group), so a module that gives outside users a new model, or more on one,
fails ``test_every_outside_model_is_accounted_for``.

For every model of the table that holds somebody's records, ``FOREIGN_RECORDS`` says which
records are another Träger's (Landeshauptstadt Schwerin's); every kind of user of Stadt
Lübtheen (signatory, finance, other staff, a school's staff) tries to read, write and
delete them over JSON-RPC, and to create records on them where the table allows creating:
each attempt is refused and the records, read back by the administrator, are unchanged.
Then the attacks of issue #14 one by one (outgoing mail, following a foreign invoice,
moving a message into a foreign ticket, joining an employee channel, the login history,
a colleague's signup link, role leaks, role changes, names in the chatter).
"""
import base64

import pytest

from .conftest import Browser, portal_user, this_years_order_budget
from .test_isolation import (EVERYBODY, FINANCE, INVOICE_ROLES, OTHER, OWN, SIGNATORY,  # noqa
                             STAFF, _owner_path, _report, _traeger, _validated_invoice,
                             admin_rpc, kind_users)

# operations: r(ead) w(rite) c(reate) u(nlink), for portal and for public users
CONFIGURATION = ("Odoo's configuration that every page and report reads (actions, views, "
                 "languages, currencies, countries, companies, paper formats): nobody's data")
NO_RECORDS = "an abstract or test model: no records to read"
REFERENCE = ("KSM's catalogue and reference data: the same for every Träger, nobody's "
             "figures (ksm portal rules where published ones only)")
OWN_TRAEGER = ("the Träger's own records, by its record rule on the user's commercial "
               "partner (pages: tests/test_isolation.py ROUTE_KINDS)")
OWN_MAIL = ("Odoo's chatter: outside users post and read on documents they can read, as "
            "themselves (portal_tenant_isolation)")
HIDDEN = ("a right Odoo gives everybody, but a record rule of portal_tenant_isolation shows "
          "outside users none of the records")
PORTAL_MODEL_ACCESS = {
    # model: (portal, public, why)
    "account.analytic.account": ("r", "", "the analytic accounts of the Träger's own "
                                 "project budgets (project's portal rule)"),
    "account.analytic.line": ("r", "", "the timesheets of the Träger's own project budgets "
                              "(hr_timesheet's portal rule)"),
    "account.invoice": ("r", "", "the Träger's own invoices, for its finance and "
                        "signatory contacts (ksm_services rule on the commercial partner)"),
    "account.invoice.line": ("r", "", "the lines of those invoices"),
    "bus.presence": ("rwcu", "", "the user's own online status (portal_tenant_isolation "
                     "rule)"),
    "decimal.precision": ("r", "r", CONFIGURATION),
    "decimal.precision.test": ("rwcu", "rwcu", NO_RECORDS),
    "helpdesk.ticket": ("r", "", OWN_TRAEGER),
    "helpdesk.ticket.category": ("r", "r", REFERENCE),
    "helpdesk.ticket.stage": ("r", "r", REFERENCE),
    "ir.actions.act_url": ("r", "r", CONFIGURATION),
    "ir.actions.act_window": ("r", "r", CONFIGURATION),
    "ir.actions.act_window.view": ("r", "r", CONFIGURATION),
    "ir.actions.act_window_close": ("r", "r", CONFIGURATION),
    "ir.actions.actions": ("r", "r", CONFIGURATION),
    "ir.actions.client": ("r", "r", CONFIGURATION),
    "ir.actions.report": ("r", "r", CONFIGURATION),
    "ir.actions.server": ("r", "r", CONFIGURATION),
    "ir.attachment": ("rc", "r", "files of the documents the user can read (Odoo checks "
                      "the document); created only on documents the user may write"),
    "ir.default": ("r", "r", CONFIGURATION),
    "ir.filters": ("rwcu", "rwcu", "the user's own saved filters (base rule)"),
    "ir.property": ("r", "r", CONFIGURATION),
    "ir.server.object.lines": ("r", "r", CONFIGURATION),
    "ir.ui.view": ("r", "r", CONFIGURATION),
    "ir.ui.view.custom": ("rwcu", "rwcu", "the user's own customised dashboards (base rule)"),
    "mail.alias": ("r", "r", CONFIGURATION),
    "mail.channel": ("r", "r", "public channels and the user's own (mail's rule)"),
    "mail.channel.partner": ("rwcu", "r", "memberships of the user's own channels; joining "
                             "public channels only (portal_tenant_isolation rules)"),
    "mail.followers": ("rwc", "r", OWN_MAIL),
    "mail.mail": ("r", "r", HIDDEN),
    "mail.message": ("rwcu", "r", OWN_MAIL),
    "mail.message.subtype": ("r", "r", CONFIGURATION),  # public subtypes (mail's rule)
    "mail.notification": ("r", "", "the user's own notifications (portal_tenant_isolation "
                          "rule)"),
    "mail.test": ("rw", "", NO_RECORDS),
    "mail.thread": ("rwcu", "rwcu", NO_RECORDS),
    "payment.acquirer": ("r", "r", CONFIGURATION),
    "payment.icon": ("r", "r", CONFIGURATION),
    "payment.token": ("rwcu", "r", "the user's own payment tokens (payment's rule)"),
    "payment.transaction": ("r", "r", "the user's own payment transactions (payment's "
                            "rule)"),
    "product.uom": ("r", "", REFERENCE),
    "project.project": ("r", "", OWN_TRAEGER),
    "project.tags": ("r", "r", REFERENCE),
    "project.task": ("r", "", "the tasks of the Träger's own projects (project's portal "
                     "rule)"),
    "project.task.type": ("r", "", REFERENCE),
    "publisher_warranty.contract": ("rwcu", "rwcu", NO_RECORDS),
    "report.paperformat": ("r", "r", CONFIGURATION),
    "res.company": ("r", "r", CONFIGURATION),
    "res.country": ("r", "r", CONFIGURATION),
    "res.country.group": ("r", "r", CONFIGURATION),
    "res.country.state": ("r", "r", CONFIGURATION),
    "res.currency": ("r", "r", CONFIGURATION),
    "res.currency.rate": ("r", "r", CONFIGURATION),
    "res.lang": ("r", "r", CONFIGURATION),
    "res.partner": ("r", "r", "the contacts of the user's own company (base rule)"),
    "res.partner.title": ("r", "r", CONFIGURATION),
    "res.request.link": ("r", "r", CONFIGURATION),
    "res.users": ("r", "r", "KSM's employees and the users of the own company "
                  "(portal_tenant_isolation rule)"),
    "res.users.log": ("rc", "rc", "each user records its own logins; " + HIDDEN),
    "web.planner": ("r", "", CONFIGURATION),
    "web_editor.converter.test": ("rwcu", "rwcu", NO_RECORDS),
    "web_editor.converter.test.sub": ("rwcu", "rwcu", NO_RECORDS),
    "web_tour.tour": ("r", "r", CONFIGURATION),
    # ksm models (rules in the ksm modules' security files)
    "ksm.allocation.key": ("r", "", REFERENCE),
    "ksm.allocation.line": ("r", "", OWN_TRAEGER),
    "ksm.cost.pool": ("r", "", REFERENCE),
    "ksm.device": ("r", "", OWN_TRAEGER),
    "ksm.document.version": ("r", "", "the statutes, contracts and allocation rules the "
                             "Träger accepted"),
    "ksm.funding.grant": ("r", "", OWN_TRAEGER),
    "ksm.funding.programme": ("r", "", REFERENCE),
    "ksm.membership": ("r", "", OWN_TRAEGER),
    "ksm.order.budget": ("r", "", OWN_TRAEGER),
    "ksm.order.call": ("r", "", OWN_TRAEGER),
    "ksm.quantity.report": ("rwc", "", OWN_TRAEGER + "; entered by its finance and "
                            "signatory contacts"),
    "ksm.resolution": ("r", "", OWN_TRAEGER),
    "ksm.school": ("r", "", OWN_TRAEGER),
    "ksm.service.sheet": ("r", "", OWN_TRAEGER),
    "ksm.service.sheet.line": ("r", "", OWN_TRAEGER),
    "ksm.sla.report": ("r", "", OWN_TRAEGER),
    "ksm.task": ("r", "", REFERENCE),
    "ksm.task.transfer": ("r", "", OWN_TRAEGER),
    "ksm.true.up": ("r", "", OWN_TRAEGER + ", for its finance and signatory contacts"),
    "ksm.true.up.line": ("r", "", OWN_TRAEGER + ", for its finance and signatory contacts"),
}

# How the administrator finds Schwerin's records of a model: a domain on the other
# Träger's id (ksm models: their Träger field, see test_isolation._owner_path)
def _of_other(path):
    return lambda admin_rpc, other: [(path, "=", other)]


def _attachments_of_other(admin_rpc, other):
    domain = ["|", "|"]
    for model, path in (("account.invoice", "commercial_partner_id"),
                        ("helpdesk.ticket", "partner_id.commercial_partner_id"),
                        ("ksm.resolution", "partner_id")):
        ids = admin_rpc.call_kw(model, "search", [[(path, "=", other)]])
        domain += ["&", ("res_model", "=", model), ("res_id", "in", ids)]
    return domain


def _versions_of_other_only(admin_rpc, other):
    fields = ["statute_version_id", "contract_version_id", "allocation_rules_version_id"]
    own = _traeger(admin_rpc, OWN)
    accepted = {}
    for partner in (own, other):
        accepted[partner] = {value[0] for row in admin_rpc.call_kw(
            "ksm.membership", "search_read", [[("partner_id", "=", partner)]],
            {"fields": fields}) for key, value in row.items() if key != "id" and value}
    return [("id", "in", sorted(accepted[other] - accepted[own]))]


OWNER = "owner"  # the ksm model's Träger field (test_isolation._owner_path)
FOREIGN_RECORDS = {
    "account.analytic.account": _of_other("project_ids.ksm_partner_id"),
    "account.analytic.line": _of_other("project_id.ksm_partner_id"),
    "account.invoice": _of_other("commercial_partner_id"),
    "account.invoice.line": _of_other("invoice_id.commercial_partner_id"),
    "bus.presence": _of_other("user_id.partner_id.commercial_partner_id"),
    "helpdesk.ticket": _of_other("partner_id.commercial_partner_id"),
    "ir.attachment": _attachments_of_other,
    "ir.filters": _of_other("user_id.partner_id.commercial_partner_id"),
    "ir.ui.view.custom": _of_other("user_id.partner_id.commercial_partner_id"),
    "mail.channel.partner": lambda admin_rpc, other: [("channel_id.public", "!=", "public")],
    "mail.followers": _of_other("partner_id.commercial_partner_id"),
    "mail.mail": lambda admin_rpc, other: [],
    "mail.message": _of_other("author_id.commercial_partner_id"),
    "mail.notification": _of_other("res_partner_id.commercial_partner_id"),
    "payment.token": _of_other("partner_id.commercial_partner_id"),
    "payment.transaction": _of_other("partner_id.commercial_partner_id"),
    "project.project": _of_other("ksm_partner_id"),
    "project.task": _of_other("project_id.ksm_partner_id"),
    "res.partner": _of_other("commercial_partner_id"),
    "res.users": _of_other("partner_id.commercial_partner_id"),
    "res.users.log": lambda admin_rpc, other: [],
    "ksm.allocation.line": OWNER,
    "ksm.device": OWNER,
    "ksm.document.version": _versions_of_other_only,
    "ksm.funding.grant": OWNER,
    "ksm.membership": OWNER,
    "ksm.order.budget": OWNER,
    "ksm.order.call": OWNER,
    "ksm.quantity.report": OWNER,
    "ksm.resolution": OWNER,
    "ksm.school": OWNER,
    "ksm.service.sheet": OWNER,
    "ksm.service.sheet.line": OWNER,
    "ksm.sla.report": OWNER,
    "ksm.task.transfer": OWNER,
    "ksm.true.up": OWNER,
    "ksm.true.up.line": OWNER,
}


def _effective_rights(rows, group):
    """The operations (``rwcu``) Odoo's ir.model.access.check grants a user of ``group``
    alone, per model: the group's rows, else the rows without group."""
    result = {}
    models = {row["model_id"][1] for row in rows}
    for model in models:
        ops = ""
        for op, perm in zip("rwcu", ("perm_read", "perm_write", "perm_create",
                                     "perm_unlink")):
            own = [row[perm] for row in rows if row["model_id"][1] == model
                   and row["group_id"] and row["group_id"][0] == group]
            generic = [row[perm] for row in rows if row["model_id"][1] == model
                       and not row["group_id"]]
            if any(own) or any(generic):
                ops += op
        if ops:
            result[model] = ops
    return result


@pytest.fixture(scope="module")
def outside_rights(admin_rpc):
    """{model: (portal ops, public ops)} as Odoo grants them now."""
    portal, public = admin_rpc.xmlid("base.group_portal"), admin_rpc.xmlid("base.group_public")
    rows = admin_rpc.call_kw("ir.model.access", "search_read", [[
        "|", ("group_id", "in", [portal, public]), ("group_id", "=", False)]], {
        "fields": ["model_id", "group_id", "perm_read", "perm_write", "perm_create",
                   "perm_unlink"]})
    # model_id's display name is the model's description: map it to the model
    model_ids = {row["model_id"][0] for row in rows}
    names = {model["id"]: model["model"] for model in admin_rpc.call_kw(
        "ir.model", "read", [sorted(model_ids), ["model"]])}
    for row in rows:
        row["model_id"] = [row["model_id"][0], names[row["model_id"][0]]]
    portal_ops, public_ops = _effective_rights(rows, portal), _effective_rights(rows, public)
    return {model: (portal_ops.get(model, ""), public_ops.get(model, ""))
            for model in set(portal_ops) | set(public_ops)}


def test_every_outside_model_is_accounted_for(outside_rights, capsys):
    actual = {model: ops for model, ops in outside_rights.items()}
    listed = {model: (portal, public) for model, (portal, public, why) in
              PORTAL_MODEL_ACCESS.items()}
    _report(capsys, "core and ksm models outside users can touch: %d (portal %d, public %d); "
            "%d of them with records of a Träger checked across Träger" % (
                len(actual), sum(1 for p, _ in actual.values() if p),
                sum(1 for _, p in actual.values() if p), len(FOREIGN_RECORDS)))
    unlisted = sorted("%s: portal %r, public %r" % (model, ops[0], ops[1])
                      for model, ops in actual.items() if model not in listed)
    assert not unlisted, ("models portal or public users have rights on, missing from "
                          "PORTAL_MODEL_ACCESS in tests/test_isolation_odoo_models.py:\n"
                          + "\n".join(unlisted))
    differ = sorted("%s: table says portal %r, public %r; Odoo grants portal %r, public %r"
                    % ((model,) + listed[model] + actual.get(model, ("", "")))
                    for model in listed if listed[model] != actual.get(model, ("", "")))
    assert not differ, "\n".join(differ)
    assert all(why for _, _, why in PORTAL_MODEL_ACCESS.values())


def test_every_model_with_records_of_a_traeger_says_which_are_foreign():
    for model in FOREIGN_RECORDS:
        assert model in PORTAL_MODEL_ACCESS, model
    holders = {model for model, (portal, public, why) in PORTAL_MODEL_ACCESS.items()
               if why not in (CONFIGURATION, NO_RECORDS, REFERENCE)
               and model != "mail.channel"}  # nobody's: see the employees' channel below
    assert holders <= set(FOREIGN_RECORDS), (
        "models that hold somebody's records without FOREIGN_RECORDS: %s"
        % sorted(holders - set(FOREIGN_RECORDS)))


# --------------------------------------------------------------------------- helpers
def _refused(call, *args):
    """Whether the JSON-RPC call (a Browser.call_kw) was refused with an error."""
    try:
        call(*args)
    except RuntimeError:
        return True
    return False


def _foreign_domain(admin_rpc, model, other):
    spec = FOREIGN_RECORDS[model]
    if spec == OWNER:
        return [(_owner_path(admin_rpc, model) + ".commercial_partner_id", "=", other)]
    return spec(admin_rpc, other)


def _text_field(admin_rpc, model):
    """A stored text field the user could change (the one the write attempts use)."""
    fields = admin_rpc.call_kw(model, "fields_get", [], {
        "attributes": ["type", "readonly", "store", "related", "required"]})
    for name in ("name", "body", "description", "subject", "email_to"):
        info = fields.get(name)
        if info and info["type"] in ("char", "text", "html") and info.get("store") \
                and not info.get("readonly") and not info.get("related"):
            return name
    return next((name for name, info in sorted(fields.items())
                 if info["type"] in ("char", "text") and info.get("store")
                 and not info.get("readonly") and not info.get("related")), None)


@pytest.fixture(scope="module")
def other_traeger(admin_rpc):
    return _traeger(admin_rpc, OTHER)


@pytest.fixture(scope="module")
def foreign_records(admin_rpc, other_traeger):
    """Schwerin's records of every model of FOREIGN_RECORDS (a validated invoice, a ticket
    with a message and a follower, an attachment, a notification are made first)."""
    other_partner = admin_rpc.call_kw("res.partner", "search", [[
        ("commercial_partner_id", "=", other_traeger), ("user_ids", "!=", False)]],
        {"limit": 1})[0]
    invoice = _validated_invoice(admin_rpc, other_traeger, "Modelltest Schwerin")
    ticket = admin_rpc.call_kw("helpdesk.ticket", "create", [{
        "name": "Modelltest: Schweriner Ticket", "description": "Nur für Schwerin.",
        "partner_id": other_partner}])
    admin_rpc.call_kw("helpdesk.ticket", "message_post", [[ticket]], {
        "body": "Antwort an Schwerin", "message_type": "comment",
        "subtype": "mail.mt_comment", "partner_ids": [other_partner]})
    admin_rpc.call_kw("helpdesk.ticket", "message_subscribe", [[ticket]], {
        "partner_ids": [other_partner]})
    admin_rpc.call_kw("ir.attachment", "create", [{
        "name": "schwerin.txt", "datas_fname": "schwerin.txt", "res_model": "helpdesk.ticket",
        "res_id": ticket, "datas": base64.b64encode(b"Schwerin").decode()}])
    records = {}
    for model in FOREIGN_RECORDS:
        records[model] = admin_rpc.call_kw(model, "search", [
            _foreign_domain(admin_rpc, model, other_traeger)], {"limit": 20})
    records["helpdesk.ticket"] = [ticket] + records["helpdesk.ticket"]
    records["account.invoice"] = [invoice] + records["account.invoice"]
    return records


# --------------------------------------------------------------------------- across Träger
def test_no_outside_model_opens_another_traegers_records(admin_rpc, kind_users,
                                                         foreign_records, capsys):
    """Every kind of user of Lübtheen, on Schwerin's records of every model that holds
    records of a Träger: search_read and read find nothing, write and unlink are refused,
    and the records are unchanged (read back by the administrator)."""
    failures, attempts, models_checked = [], 0, 0
    for model in sorted(FOREIGN_RECORDS):
        ids = foreign_records[model]
        if not ids:
            continue  # the demo has no such record of Schwerin: nothing to steal
        models_checked += 1
        field = _text_field(admin_rpc, model)
        # Odoo 11 answers a read of forbidden records' ids alone with the ids given: read
        # a value (the text field, else the name shown)
        fields = ["id", field or "display_name"]
        before = admin_rpc.call_kw(model, "read", [ids[:3], fields])
        for kind, session in sorted(kind_users.items()):
            attempts += 4
            try:
                shown = session.call_kw(model, "search_read", [[("id", "in", ids)]],
                                        {"fields": ["id"]})
            except RuntimeError:
                shown = []
            if shown:
                failures.append("%s as %s: search_read shows %s" % (
                    model, kind, [row["id"] for row in shown]))
            if not _refused(session.call_kw, model, "read", [ids[:3], fields]):
                failures.append("%s as %s: read of %s" % (model, kind, ids[:3]))
            if field and not _refused(session.call_kw, model, "write", [
                    ids[:1], {field: "<b>Isolationstest</b>"}]):
                failures.append("%s as %s: write of %s" % (model, kind, ids[:1]))
            if not _refused(session.call_kw, model, "unlink", [ids[:1]]):
                failures.append("%s as %s: unlink of %s" % (model, kind, ids[:1]))
        after = admin_rpc.call_kw(model, "read", [ids[:3], fields])
        if after != before:
            failures.append("%s: changed from %s to %s" % (model, before, after))
    _report(capsys, "outside models across Träger: %d models with Schwerin's records, "
            "%d attempts by %d kinds of users" % (models_checked, attempts, len(kind_users)))
    assert models_checked >= 15
    assert not failures, "\n".join(failures)


@pytest.fixture(scope="module")
def employees_channel(admin_rpc):
    """A channel of KSM's employees only, with an internal message."""
    channel = admin_rpc.call_kw("mail.channel", "create", [{
        "name": "KSM intern (Isolationstest)", "public": "groups",
        "group_public_id": admin_rpc.xmlid("base.group_user")}])
    admin_rpc.call_kw("mail.channel", "message_post", [[channel]], {
        "body": "Intern: Dienstplan", "message_type": "comment",
        "subtype": "mail.mt_comment"})
    return channel


def _create_on_foreign(admin_rpc, foreign_records, other_traeger, own_partner, employees):
    """For the models outside users may create: values that put a new record onto
    Schwerin's records, and the domain (for the administrator) that finds it."""
    ticket, invoice = foreign_records["helpdesk.ticket"][0], foreign_records["account.invoice"][0]
    key = admin_rpc.call_kw("ksm.allocation.key", "search", [[]], {"limit": 1})[0]
    return {
        "mail.message": ({"model": "helpdesk.ticket", "res_id": ticket, "body": "Fremd",
                          "message_type": "comment"},
                         [("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket),
                          ("author_id", "=", own_partner)]),
        "mail.followers": ({"res_model": "account.invoice", "res_id": invoice,
                            "partner_id": own_partner},
                           [("res_model", "=", "account.invoice"), ("res_id", "=", invoice),
                            ("partner_id", "=", own_partner)]),
        "ir.attachment": ({"name": "fremd.txt", "res_model": "helpdesk.ticket",
                           "res_id": ticket, "datas": base64.b64encode(b"x").decode()},
                          [("res_model", "=", "helpdesk.ticket"), ("res_id", "=", ticket),
                           ("name", "=", "fremd.txt")]),
        "mail.channel.partner": ({"channel_id": employees, "partner_id": own_partner},
                                 [("channel_id", "=", employees),
                                  ("partner_id", "=", own_partner)]),
        "ksm.quantity.report": ({"partner_id": other_traeger, "year": 2015, "key_id": key,
                                 "quantity": 7},
                                [("partner_id", "=", other_traeger), ("year", "=", 2015)]),
    }


def test_nothing_is_created_on_another_traegers_records(admin_rpc, kind_users,
                                                        foreign_records, other_traeger,
                                                        outside_rights, employees_channel,
                                                        capsys):
    """Where the portal group may create, every kind of user tries to create a record on
    Schwerin's: a message on its ticket, a follower of its invoice, an attachment of its
    ticket, a membership of the employees' channel, a quantity report. Each is refused and
    nothing is created."""
    failures, attempts = [], 0
    creatable = {model for model, (portal, _) in outside_rights.items() if "c" in portal}
    for kind, session in sorted(kind_users.items()):
        own_partner = session.call_kw("res.users", "read", [
            [session.json_rpc("/web/session/get_session_info", {})["result"]["uid"]],
            ["partner_id"]])[0]["partner_id"][0]
        cases = _create_on_foreign(admin_rpc, foreign_records, other_traeger, own_partner,
                                   employees_channel)
        for model, (values, found) in sorted(cases.items()):
            assert model in creatable, "%s: portal users may not create it at all" % model
            before = admin_rpc.call_kw(model, "search_count", [found])
            attempts += 1
            if not _refused(session.call_kw, model, "create", [values]):
                failures.append("%s as %s: created %s" % (model, kind, values))
            if admin_rpc.call_kw(model, "search_count", [found]) != before:
                failures.append("%s as %s: a record was made" % (model, kind))
    _report(capsys, "outside models across Träger (create): %d attempts on %d models"
            % (attempts, len(cases)))
    assert not failures, "\n".join(failures)


# --------------------------------------------------------------------------- the attacks
def _uid_and_partner(session):
    uid = session.json_rpc("/web/session/get_session_info", {})["result"]["uid"]
    return uid, session.call_kw("res.users", "read", [[uid], ["partner_id"]])[0][
        "partner_id"][0]


def test_outgoing_mail_is_neither_readable_nor_writable(admin_rpc, kind_users,
                                                         other_traeger):
    mail = admin_rpc.call_kw("mail.mail", "create", [{
        "subject": "Einladung Schwerin", "body_html": "<p>Ihr Zugang</p>",
        "email_to": "schwerin@example.org"}])
    for kind, session in sorted(kind_users.items()):
        assert _refused(session.call_kw, "mail.mail", "search_read", [[]], {
            "fields": ["subject"]}) or not session.call_kw(
            "mail.mail", "search_read", [[]], {"fields": ["subject"]}), kind
        assert _refused(session.call_kw, "mail.mail", "read", [[mail], ["body_html"]]), kind
        assert _refused(session.call_kw, "mail.mail", "write", [
            [mail], {"email_to": "angreifer@example.org"}]), kind
        assert _refused(session.call_kw, "mail.mail", "create", [{
            "subject": "Rechnung", "email_to": "angreifer@example.org",
            "attachment_ids": [(6, 0, [])]}]), kind
    assert admin_rpc.call_kw("mail.mail", "read", [[mail], ["email_to"]])[0][
        "email_to"] == "schwerin@example.org"


def test_following_a_foreign_invoice_opens_nothing(admin_rpc, kind_users, foreign_records,
                                                   odoo_server):
    """The finance contact tries to follow Schwerin's invoice, and is made a follower by
    the administrator: the invoice, its PDF and its XRechnung stay closed to it."""
    invoice = foreign_records["account.invoice"][0]
    session = kind_users[FINANCE]
    uid, partner = _uid_and_partner(session)
    assert _refused(session.call_kw, "mail.followers", "create", [{
        "res_model": "account.invoice", "res_id": invoice, "partner_id": partner}])
    try:  # Odoo's own way: refused, or answered False
        assert not session.call_kw("account.invoice", "message_subscribe", [[invoice]], {
            "partner_ids": [partner]})
    except RuntimeError:
        pass
    own = session.call_kw("mail.followers", "search_read", [[
        ("partner_id", "=", partner)]], {"fields": ["res_id"], "limit": 1})
    if own:
        assert _refused(session.call_kw, "mail.followers", "write", [
            [own[0]["id"]], {"res_model": "account.invoice", "res_id": invoice}])
    assert not admin_rpc.call_kw("mail.followers", "search", [[
        ("res_model", "=", "account.invoice"), ("res_id", "=", invoice),
        ("partner_id", "=", partner)]])
    # a follower all the same (added in the back office): still nothing
    admin_rpc.call_kw("account.invoice", "message_subscribe", [[invoice]], {
        "partner_ids": [partner]})
    try:
        assert _refused(session.call_kw, "account.invoice", "read", [[invoice], ["number"]])
        assert not session.call_kw("account.invoice", "search", [[("id", "=", invoice)]])
        for url in ("/my/invoices/%d" % invoice, "/my/invoices/pdf/%d" % invoice,
                    "/my/invoices/%d/xrechnung" % invoice,
                    "/report/pdf/account.report_invoice/%d" % invoice):
            response = session.get(odoo_server.url + url, allow_redirects=False)
            assert response.status_code != 200 or response.content[:4] != b"%PDF", url
            assert response.status_code in (403, 404) or "/report/" in url, (
                url, response.status_code)
    finally:
        admin_rpc.call_kw("account.invoice", "message_unsubscribe", [[invoice]], {
            "partner_ids": [partner]})


def test_a_message_cannot_be_moved_into_a_foreign_ticket(admin_rpc, kind_users,
                                                         foreign_records):
    ticket = foreign_records["helpdesk.ticket"][0]
    for kind, session in sorted(kind_users.items()):
        uid, partner = _uid_and_partner(session)
        message = session.call_kw("mail.message", "create", [{
            "body": "Untergeschoben von %s" % kind}])
        assert _refused(session.call_kw, "mail.message", "write", [
            [message], {"model": "helpdesk.ticket", "res_id": ticket}]), kind
        assert _refused(session.call_kw, "mail.message", "write", [
            [message], {"author_id": admin_rpc.call_kw("res.users", "read", [
                [admin_rpc.xmlid("base.user_root")], ["partner_id"]])[0]["partner_id"][0]}]), kind
        assert _refused(session.call_kw, "mail.message", "create", [{
            "model": "helpdesk.ticket", "res_id": ticket, "body": "Direkt hinein"}]), kind
        row = admin_rpc.call_kw("mail.message", "read", [[message], ["model", "res_id",
                                                                    "author_id"]])[0]
        assert (row["model"], row["res_id"], row["author_id"][0]) == (False, 0, partner), row
    assert not admin_rpc.call_kw("mail.message", "search", [[
        ("model", "=", "helpdesk.ticket"), ("res_id", "=", ticket),
        "|", ("body", "ilike", "Untergeschoben"), ("body", "ilike", "Direkt hinein")]])


def test_the_employees_channel_cannot_be_joined(admin_rpc, kind_users, employees_channel):
    for kind, session in sorted(kind_users.items()):
        uid, partner = _uid_and_partner(session)
        assert _refused(session.call_kw, "mail.channel.partner", "create", [{
            "channel_id": employees_channel, "partner_id": partner}]), kind
        assert not session.call_kw("mail.channel.partner", "search_read", [[
            ("channel_id", "=", employees_channel)]], {"fields": ["partner_id"]}), kind
        assert not session.call_kw("mail.message", "search_read", [[
            ("channel_ids", "in", [employees_channel])]], {"fields": ["body"]}), kind
        assert not admin_rpc.call_kw("mail.channel.partner", "search", [[
            ("channel_id", "=", employees_channel), ("partner_id", "=", partner)]]), kind


def test_the_login_history_is_hidden(admin_rpc, kind_users):
    assert admin_rpc.call_kw("res.users.log", "search_count", [[]]) >= len(kind_users)
    for kind, session in sorted(kind_users.items()):
        assert not session.call_kw("res.users.log", "search_read", [[]], {
            "fields": ["create_uid", "create_date"]}), kind


def test_an_invitation_reaches_only_the_invitee(admin_rpc, kind_users, odoo_server):
    """A new contact of Lübtheen is invited to the portal: its colleagues find its signup
    token nowhere (the contact, its user, outgoing mail, messages)."""
    own = _traeger(admin_rpc, OWN)
    login = "isolation-invitee@example.org"
    partner = admin_rpc.call_kw("res.partner", "search", [[("email", "=", login)]])
    partner = partner[0] if partner else admin_rpc.call_kw("res.partner", "create", [{
        "name": "Neue Kollegin Isolationstest", "email": login, "parent_id": own}])
    wizard = admin_rpc.call_kw("portal.wizard", "create", [{
        "portal_id": admin_rpc.xmlid("base.group_portal"),
        "user_ids": [(0, 0, {"partner_id": partner, "email": login, "in_portal": True})]}])
    admin_rpc.call_kw("portal.wizard", "action_apply", [[wizard]])
    admin_rpc.call_kw("res.partner", "signup_prepare", [[partner]], {"signup_type": "signup"})
    token = admin_rpc.call_kw("res.partner", "read", [[partner], ["signup_token"]])[0][
        "signup_token"]
    assert token
    user = admin_rpc.call_kw("res.users", "search", [[("partner_id", "=", partner)]])
    for kind, session in sorted(kind_users.items()):
        for field in ("signup_url", "signup_token"):
            assert _refused(session.call_kw, "res.partner", "read", [[partner], [field]]), (
                kind, field)
        searches = [("res.partner", [("id", "=", partner)], {}),
                    ("res.users", [("id", "in", user)], {}),
                    ("mail.message", ["|", ("body", "ilike", token), ("res_id", "=", partner)],
                     {"fields": ["body", "model"]}),
                    ("mail.mail", [], {"fields": ["body_html"]})]
        for model, domain, kwargs in searches:
            try:  # every field the user may read
                answer = session.call_kw(model, "search_read", [domain], kwargs)
            except RuntimeError:
                answer = []
            assert token not in str(answer), (kind, model)
        response = session.get(odoo_server.url + "/my/account")
        assert token not in response.text, kind


def test_the_true_up_follows_the_invoice_roles(admin_rpc, kind_users, capsys):
    """The true-up (money) for the finance and signatory contacts only, as its pages: the
    IT contact and the school's staff read none over JSON-RPC."""
    own = _traeger(admin_rpc, OWN)
    published = admin_rpc.call_kw("ksm.true.up", "search", [[
        ("partner_id", "=", own), ("state", "in", ["computed", "invoiced", "settled"])]])
    assert published, "no published true-up of %s in the demo" % OWN
    lines = admin_rpc.call_kw("ksm.true.up.line", "search", [[
        ("true_up_id", "in", published)]])
    for kind, session in sorted(kind_users.items()):
        for model, ids in (("ksm.true.up", published), ("ksm.true.up.line", lines)):
            visible = session.call_kw(model, "search_read", [[("id", "in", ids)]], {
                "fields": ["id"]})
            if kind in INVOICE_ROLES:
                assert len(visible) == len(ids), (kind, model)
            else:
                assert not visible, (kind, model)
                assert _refused(session.call_kw, model, "read", [
                    ids[:1], ["id", "display_name"]]), kind
    _report(capsys, "role isolation (JSON-RPC): ksm.true.up and its lines for %s only"
            % ", ".join(sorted(INVOICE_ROLES)))


@pytest.fixture(scope="module")
def ksm_user_session(admin_rpc, odoo_server):
    """A KSM employee without the manager group."""
    login = "isolation-ksm-user"
    found = admin_rpc.call_kw("res.users", "search", [[("login", "=", login)]])
    if not found:
        admin_rpc.call_kw("res.users", "create", [{
            "name": "Isolation KSM-Sachbearbeitung", "login": login, "password": login,
            "groups_id": [(6, 0, [admin_rpc.xmlid("ksm_base.group_ksm_user")])]}],
            {"context": {"no_reset_password": True}})
    session = Browser(odoo_server.url)
    session.login(login, login)
    yield session
    session.close()


def test_roles_are_changed_by_ksm_managers_only_and_tracked(admin_rpc, kind_users,
                                                             ksm_user_session):
    it_user = admin_rpc.xmlid("ksm_helpdesk.user_luebtheen_it")
    contact = admin_rpc.call_kw("res.users", "read", [[it_user], ["partner_id"]])[0][
        "partner_id"][0]
    roles = ["ksm_role_signatory", "ksm_role_finance", "ksm_role_it"]
    before = admin_rpc.call_kw("res.partner", "read", [[contact], roles])[0]
    assert not before["ksm_role_finance"]
    for who, session in [("ksm user", ksm_user_session)] + sorted(kind_users.items()):
        assert _refused(session.call_kw, "res.partner", "write", [
            [contact], {"ksm_role_finance": True}]), who
        assert _refused(session.call_kw, "res.users", "write", [
            [it_user], {"ksm_role_signatory": True}]), who
    own_uid, _ = _uid_and_partner(kind_users[STAFF])
    assert _refused(kind_users[STAFF].call_kw, "res.users", "write", [
        [own_uid], {"ksm_role_finance": True}])
    assert admin_rpc.call_kw("res.partner", "read", [[contact], roles])[0] == before
    # the KSM user still edits the contact otherwise
    function = admin_rpc.call_kw("res.partner", "read", [[contact], ["function"]])[0][
        "function"]
    ksm_user_session.call_kw("res.partner", "write", [[contact], {"function": "IT-Test"}])
    # the manager changes the role: tracked on the contact, in German
    admin_rpc.call_kw("res.partner", "write", [[contact], {"ksm_role_finance": True}])
    try:
        messages = admin_rpc.call_kw("mail.message", "search", [[
            ("model", "=", "res.partner"), ("res_id", "=", contact),
            ("tracking_value_ids", "!=", False)]], {"limit": 1})
        assert messages, "the role change is not tracked"
        formatted = admin_rpc.call_kw("mail.message", "message_format", [messages], {
            "context": {"lang": "de_DE"}})
        changed = [value["changed_field"] for value in formatted[0]["tracking_value_ids"]]
        assert "Finanzen" in changed, changed
    finally:
        admin_rpc.call_kw("res.partner", "write", [[contact], {"ksm_role_finance": False,
                                                             "function": function}])


def test_names_in_the_chatter_are_escaped(admin_rpc):
    """A signatory whose name is markup approves a call: the chatter shows the name as
    text, no element of it."""
    own = _traeger(admin_rpc, OWN)
    evil = "<img src=x onerror=alert(1)>"
    signatory = admin_rpc.call_kw("res.partner", "search", [[("name", "=", evil)]])
    signatory = signatory[0] if signatory else admin_rpc.call_kw("res.partner", "create", [{
        "name": evil, "parent_id": own, "ksm_role_signatory": True}])
    budget = this_years_order_budget(admin_rpc, own)
    call = admin_rpc.call_kw("ksm.order.call", "create", [{
        "budget_id": budget, "name": "Abruf <b>fett</b>", "amount": 1.0,
        "approved_by_id": signatory}])
    admin_rpc.call_kw("ksm.order.call", "action_approve", [[call]])
    bodies = [row["body"] for row in admin_rpc.call_kw("mail.message", "search_read", [[
        ("model", "=", "ksm.order.call"), ("res_id", "=", call)]], {"fields": ["body"]})]
    approved = [body for body in bodies if "&lt;img" in body]
    assert approved, bodies
    assert not any("<img" in body for body in bodies), bodies
