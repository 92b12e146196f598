"""The demo database shows KSM's world only: nothing of Odoo's own demo data.

Odoo's modules are installed without their demo data (tests/odoo_env.py), the ksm
modules with theirs. Checked on the test database, which is built the same way as the
demo database of ``make run``: no record whose XML id comes from an Odoo demo file, and
no record a user sees (contacts, users, companies, products, tickets, teams, invoices,
messages) named like one of Odoo's demo records.
"""
import ast
import csv
import importlib.util
import os
import re

import pytest
from lxml import etree

from .odoo_env import ROOT

ODOO_ADDONS = os.path.join(importlib.util.find_spec("odoo").submodule_search_locations[0],
                           "addons")
OWN_MODULES = set(os.listdir(os.path.join(ROOT, "addons")))
RECORD_TAGS = ("record", "menuitem", "template", "report", "act_window", "url")
YAML_RECORD = re.compile(r"!record \{model: '?([\w.]+)'?, id: ([\w.]+)\}")
# the models a user sees, and the fields they are known by
VISIBLE = {
    "res.partner": "name", "res.users": "login", "res.company": "name",
    "product.template": "name", "product.product": "name", "helpdesk.ticket": "name",
    "helpdesk.ticket.team": "name", "account.invoice": "name", "mail.message": "subject",
    "mail.channel": "name", "project.project": "name", "project.task": "name",
    "hr.employee": "name", "hr.department": "name",
}
# what the issue saw in the back office, and Odoo's demo companies by their names
SEEN = ["Agrolait", "China Export", "Helpesk", "YourCompany", "Camptocamp", "ASUSTeK",
        "Deco Addict", "Azure Interior", "Marc Demo", "Demo Portal User"]


def _qualified(module, xmlid):
    return xmlid if "." in xmlid else "%s.%s" % (module, xmlid)


def _declared(module, files):
    """{xml id: (model, {field: text})} of the records the files of ``module`` declare."""
    found = {}
    for name in files:
        path = os.path.join(ODOO_ADDONS, module, name)
        if name.endswith(".xml"):
            for node in etree.parse(path).iter(*RECORD_TAGS):
                if node.get("id"):
                    values = {f.get("name"): (f.text or "").strip()
                              for f in node.iterfind("field")}
                    found[_qualified(module, node.get("id"))] = (node.get("model"), values)
        elif name.endswith(".csv"):
            model = os.path.splitext(os.path.basename(name))[0]
            with open(path, newline="") as handle:
                for row in csv.DictReader(handle):
                    found[_qualified(module, row["id"])] = (model, row)
        elif name.endswith(".yml"):
            with open(path) as handle:
                for model, xmlid in YAML_RECORD.findall(handle.read()):
                    found[_qualified(module, xmlid)] = (model, {})
        else:
            raise AssertionError("unknown kind of data file %s/%s" % (module, name))
    return found


@pytest.fixture(scope="module")
def odoo_demo(backoffice):
    """{xml id: (model, values)} of every record that only Odoo's demo files declare,
    over the installed Odoo modules."""
    modules = backoffice.call_kw("ir.module.module", "search_read",
                                 [[("state", "=", "installed")], ["name"]])
    demo, data = {}, set()
    for module in sorted(m["name"] for m in modules):
        if module in OWN_MODULES:
            continue
        with open(os.path.join(ODOO_ADDONS, module, "__manifest__.py")) as handle:
            manifest = ast.literal_eval(handle.read())
        demo.update(_declared(module, manifest.get("demo", []) + manifest.get("demo_xml", [])))
        data.update(_declared(module, manifest.get("data", []) + manifest.get("init_xml", [])
                              + manifest.get("update_xml", [])))
    # a demo file may change a record its module's data created (the main company)
    only_demo = {xmlid: spec for xmlid, spec in demo.items() if xmlid not in data}
    assert len(only_demo) > 300, "Odoo's demo files not found under %s" % ODOO_ADDONS
    return only_demo


def test_no_record_of_odoo_demo_files_exists(backoffice, odoo_demo):
    found = backoffice.call_kw("ir.model.data", "search_read", [
        [("module", "in", sorted({x.split(".")[0] for x in odoo_demo}))],
        ["module", "name", "model"]])
    present = sorted("%(module)s.%(name)s (%(model)s)" % row for row in found
                     if "%(module)s.%(name)s" % row in odoo_demo)
    assert not present, "%d records of Odoo's demo data: %s" % (len(present), present[:40])


def test_nothing_a_user_sees_is_named_like_odoo_demo_data(backoffice, odoo_demo):
    names = {model: set() for model in VISIBLE}
    for model, values in odoo_demo.values():
        field = VISIBLE.get(model)
        if field and values.get(field):
            names[model].add(values[field])
    assert names["res.partner"] and names["res.users"], "no demo names read"
    context = {"active_test": False}
    found = {}
    for model, field in VISIBLE.items():
        domain = ["|"] * len(SEEN) + [(field, "in", sorted(names[model]))] + [
            (field, "ilike", seen) for seen in SEEN]
        if model == "mail.message":
            domain = ["|", "|"] + domain + [("body", "ilike", "Agrolait"),
                                            ("author_id.name", "in", sorted(names["res.partner"]))]
        rows = backoffice.call_kw(model, "search_read", [domain, [field]],
                                  {"context": context})
        if rows:
            found[model] = sorted({str(row[field]) for row in rows})
    assert not found, "Odoo's demo world in the demo database: %s" % found

