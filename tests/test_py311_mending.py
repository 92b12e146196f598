"""The Python 3.11 mending of Odoo 11 (odoo_py311): what it allows and what it must not."""
import ast
import base64
import collections
import inspect

import pytest

import odoo_py311

odoo_py311.apply()

from lxml import etree  # noqa: E402
from odoo.tools.safe_eval import safe_eval, const_eval, expr_eval  # noqa: E402
from odoo.addons.base.ir.ir_qweb.qweb import QWeb  # noqa: E402


# ----------------------------------------------------------------- standard library
def test_removed_names_are_back():
    assert collections.Mapping is collections.abc.Mapping
    assert collections.Iterable is collections.abc.Iterable
    assert base64.encodestring(b"ksm") == b"a3Nt\n"
    assert base64.decodestring(b"a3Nt\n") == b"ksm"


def test_getargspec_and_formatargspec_as_odoo_uses_them():
    def method(self, a, b=1, *args, **kwargs):
        pass
    spec = inspect.getargspec(method)
    assert spec.args == ["self", "a", "b"] and spec.defaults == (1,)
    assert spec.varargs == "args" and spec.keywords == "kwargs"
    # odoo.tools.cache builds a key function from this text
    assert inspect.formatargspec(*spec) == "(self, a, b=1, *args, **kwargs)"
    key = eval("lambda %s: (a, b)" % inspect.formatargspec(*spec)[1:-1])
    assert key(None, "x") == ("x", 1)


def test_yaml_load_without_loader():
    import yaml
    assert yaml.load("a: [1, 2]") == {"a": [1, 2]}


# ----------------------------------------------------------------- safe_eval accepts
@pytest.mark.parametrize("expression, context, expected", [
    ("[('partner_id', '=', uid), ('state', 'in', ['draft', 'open'])]", {"uid": 7},
     [("partner_id", "=", 7), ("state", "in", ["draft", "open"])]),
    ("{'default_type': 'out_invoice', 'search_default_open': 1}", {},
     {"default_type": "out_invoice", "search_default_open": 1}),
    ("['|', ('a', '!=', False), ('b', '>=', 3 * 2 + 1)]", {},
     ["|", ("a", "!=", False), ("b", ">=", 7)]),
    ("[x * 2 for x in values if x % 2]", {"values": [1, 2, 3]}, [2, 6]),
    ("{k: v for k, v in pairs}", {"pairs": [("a", 1)]}, {"a": 1}),
    ("sum(x for x in values)", {"values": [1, 2, 3]}, 6),
    ("(lambda n: n + 1)(41)", {}, 42),
    ("a is None and b is not None and 'x' in c and 'y' not in c", {"a": None, "b": 1, "c": "x"},
     True),
    ("values[1:] + [len(values)]", {"values": [1, 2]}, [2, 2]),
    ("dict(a=1, **extra)", {"extra": {"b": 2}}, {"a": 1, "b": 2}),
    ("context.get('lang', 'de_DE')", {"context": {}}, "de_DE"),
    ("'%s-%s' % (a, b)", {"a": 1, "b": 2}, "1-2"),
    ("[*values, 3]", {"values": [1, 2]}, [1, 2, 3]),
])
def test_safe_eval_accepts_what_odoo_uses(expression, context, expected):
    assert safe_eval(expression, context) == expected


def test_safe_eval_exec_mode_statements():
    context = {"records": [1, 2, 3]}
    safe_eval("total = 0\nfor r in records:\n    if r > 1:\n        total += r\n"
              "try:\n    x = int('a')\nexcept:\n    x = -1\n", context, mode="exec",
              nocopy=True)
    assert context["total"] == 5 and context["x"] == -1


def test_const_and_expr_eval():
    assert const_eval("[1, (2, 3), {'a': None}]") == [1, (2, 3), {"a": None}]
    assert expr_eval("1 + 2 * 3") == 7
    with pytest.raises(ValueError):
        const_eval("[1, x]")  # names are not constants
    with pytest.raises(ValueError):
        expr_eval("len([1])")  # calls are not expressions of literals


# ----------------------------------------------------------------- safe_eval refuses
@pytest.mark.parametrize("expression", [
    "__import__('os').system('true')",
    "().__class__.__bases__[0].__subclasses__()",
    "getattr(x, '__class__')",
    "x.__dict__",
    "(lambda: 1).__code__",
    "f.func_globals",
    "g.gi_frame.f_globals",
])
def test_safe_eval_refuses_dunder_and_unsafe_names(expression):
    with pytest.raises((NameError, ValueError)):
        safe_eval(expression, {"x": object(), "f": len, "g": (i for i in [])})


@pytest.mark.parametrize("code, opcode", [
    ("import os", "IMPORT_NAME"),
    ("from os import path", "IMPORT_FROM"),
    ("x.attr = 1", "STORE_ATTR"),
    ("del x.attr", "DELETE_ATTR"),
    ("global g\ng = 1", "STORE_GLOBAL"),
    ("global g\ndel g", "DELETE_GLOBAL"),
    ("class A: pass", "LOAD_BUILD_CLASS"),
    ("with open('f') as f: pass", "BEFORE_WITH"),
    ("def gen():\n    yield from [1]", "SEND"),
    ("async def f():\n    await g", "GET_AWAITABLE"),
])
def test_safe_eval_refuses_forbidden_opcodes(code, opcode):
    with pytest.raises(ValueError) as error:
        safe_eval(code, {"x": type("X", (), {})()}, mode="exec")
    assert opcode in str(error.value) or "forbidden" in str(error.value)


def test_no_forbidden_opcode_was_whitelisted():
    from opcode import opmap
    from odoo.tools import safe_eval as module  # noqa: F401
    import importlib
    safe_eval_module = importlib.import_module("odoo.tools.safe_eval")
    forbidden = {"IMPORT_NAME", "IMPORT_FROM", "IMPORT_STAR", "STORE_ATTR", "DELETE_ATTR",
                 "STORE_GLOBAL", "DELETE_GLOBAL", "LOAD_BUILD_CLASS", "BEFORE_WITH",
                 "SETUP_ANNOTATIONS", "LOAD_CLASSDEREF", "STORE_DEREF", "DELETE_DEREF",
                 "SEND", "GET_AWAITABLE", "YIELD_FROM", "PRINT_EXPR", "MAKE_CELL",
                 "LOAD_CLOSURE", "LOAD_DEREF", "COPY_FREE_VARS"}
    allowed = {name for name, code in opmap.items() if code in safe_eval_module._SAFE_OPCODES}
    assert not (allowed & forbidden)


# ----------------------------------------------------------------- QWeb
class StringQWeb(QWeb):
    """QWeb loading templates from a dict, as Odoo's own QWeb tests do."""

    def __init__(self, templates):
        self.templates = templates

    def load(self, name, options):
        return etree.fromstring("<templates>%s</templates>" % "".join(self.templates.values()))


def render(templates, name, values=None):
    return StringQWeb(templates).render(name, values or {}).decode()


def test_qweb_foreach_set_if_call():
    templates = {
        "line": '<t t-name="line"><li t-att-class="cls"><t t-esc="item"/></li></t>',
        "main": """<div t-name="main">
            <t t-set="total" t-value="0"/>
            <ul><t t-foreach="items" t-as="item">
                <t t-if="item % 2"><t t-call="line"><t t-set="cls" t-value="'odd'"/></t></t>
                <t t-else=""><t t-call="line"><t t-set="cls" t-value="'even'"/></t></t>
                <t t-set="total" t-value="total + item"/>
            </t></ul>
            <p t-if="missing is None">none</p><span t-esc="total"/></div>""",
    }
    html = render(templates, "main", {"items": [1, 2, 3], "missing": None})
    assert html.count('<li class="odd">') == 2 and '<li class="even">2</li>' in html
    assert "<span>6</span>" in html and "<p>none</p>" in html


def test_qweb_lambdas_and_comprehensions():
    templates = {"main": """<div t-name="main">
        <t t-set="double" t-value="lambda n: n * 2"/>
        <t t-esc="', '.join(str(double(x)) for x in items)"/>
        <b t-esc="[x for x in items if x &gt; 1]"/>
        <i t-esc="{k: v for k, v in pairs}"/>
        <t t-foreach="items" t-as="x"><s t-if="x_last" t-esc="x_index"/></t>
    </div>"""}
    html = render(templates, "main", {"items": [1, 2, 3], "pairs": [("a", 1)]})
    assert "2, 4, 6" in html and "<b>[2, 3]</b>" in html
    assert "<i>{&#39;a&#39;: 1}</i>" in html or "<i>{'a': 1}</i>" in html
    assert "<s>2</s>" in html


def test_ir_qweb_expressions_are_checked_like_safe_eval():
    """Templates stored in the database (ir.qweb) compile expressions through safe_eval."""
    from odoo.addons.base.ir.ir_qweb.ir_qweb import IrQWeb
    assert isinstance(IrQWeb._compile_expr(None, "[x for x in items if x]"), ast.ListComp)
    with pytest.raises(NameError):
        IrQWeb._compile_expr(None, "().__class__.__bases__")
    with pytest.raises(ValueError):
        IrQWeb._compile_expr(None, "(lambda: (yield from items))()")


# ----------------------------------------------------------------- prefork limits
def test_prefork_rlimits_accept_floats():
    import importlib
    import resource
    server = importlib.import_module("odoo.service.server")
    soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    server.resource.setrlimit(resource.RLIMIT_CPU, (float(soft), hard))
    assert resource.getrlimit(resource.RLIMIT_CPU) == (soft, hard)


# ----------------------------------------------------------------- web client templates
def test_web_client_templates_concatenate(tmp_path):
    """/web/webclient/qweb merges the addons' static XML templates with concat_xml."""
    from odoo.addons.web.controllers.main import concat_xml
    first, second = tmp_path / "a.xml", tmp_path / "b.xml"
    first.write_text('<templates><t t-name="a">A</t></templates>')
    second.write_text('<templates><t t-name="b">B</t><t t-name="c"/></templates>')
    merged, checksum = concat_xml([str(first), str(second)])
    root = etree.fromstring(merged)
    assert [t.get("t-name") for t in root] == ["a", "b", "c"]
    assert len(checksum) == 40


# Exactly the opcodes safe_eval accepts beyond Odoo 11's own lists on Python 3.6, and why
# each is safe (odoo_py311.odoo_patches.patch_safe_eval's docstring says the same).
ACCEPTED_BEYOND_ODOO_11 = {
    "RESUME": "no-op marker at the start of every code object",
    "NOP": "does nothing",
    "COPY": "stack shuffle (was DUP_TOP)",
    "SWAP": "stack shuffle (was ROT_TWO/ROT_THREE)",
    "LIST_EXTEND": "builds a list from stack items (was BUILD_LIST_UNPACK)",
    "SET_UPDATE": "builds a set from stack items (was BUILD_SET_UNPACK)",
    "LIST_TO_TUPLE": "builds a tuple from stack items (was BUILD_TUPLE_UNPACK)",
    "BINARY_OP": "the arithmetic operators (was BINARY_*/INPLACE_*)",
    "IS_OP": "'is' comparison, split out of COMPARE_OP",
    "CONTAINS_OP": "'in' comparison, split out of COMPARE_OP",
    "DICT_MERGE": "f(**a) (was BUILD_MAP_UNPACK_WITH_CALL)",
    "DICT_UPDATE": "{**a} (was BUILD_MAP_UNPACK)",
    "FORMAT_VALUE": "f-string: format() of a value, like the allowed '%s' % x",
    "BUILD_STRING": "f-string: joins strings",
    "UNPACK_EX": "a, *b = c into local names, like UNPACK_SEQUENCE",
    "PUSH_NULL": "call protocol (was CALL_FUNCTION)",
    "PRECALL": "call protocol (was CALL_FUNCTION/CALL_METHOD)",
    "CALL": "calls a callable already loaded through the checked names",
    "KW_NAMES": "keyword names of a call (was CALL_FUNCTION_KW)",
    "JUMP_BACKWARD": "loops (was JUMP_ABSOLUTE)",
    "JUMP_BACKWARD_NO_INTERRUPT": "loops (was JUMP_ABSOLUTE)",
    "POP_JUMP_FORWARD_IF_FALSE": "if/and/or (was POP_JUMP_IF_FALSE)",
    "POP_JUMP_FORWARD_IF_TRUE": "if/and/or (was POP_JUMP_IF_TRUE)",
    "POP_JUMP_FORWARD_IF_NONE": "'is None' tests",
    "POP_JUMP_FORWARD_IF_NOT_NONE": "'is not None' tests",
    "POP_JUMP_BACKWARD_IF_FALSE": "loop conditions",
    "POP_JUMP_BACKWARD_IF_TRUE": "loop conditions",
    "POP_JUMP_BACKWARD_IF_NONE": "loop conditions",
    "POP_JUMP_BACKWARD_IF_NOT_NONE": "loop conditions",
    "RETURN_GENERATOR": "starts a generator expression (YIELD_VALUE was allowed)",
    "PUSH_EXC_INFO": "try/except (was SETUP_EXCEPT)",
    "CHECK_EXC_MATCH": "except clause matching (was COMPARE_OP exception match)",
    "RERAISE": "re-raises the caught exception (was END_FINALLY)",
    "LOAD_ASSERTION_ERROR": "assert (was LOAD_GLOBAL AssertionError)",
}


def _odoo_11_opcode_names():
    """The opcode names Odoo 11's safe_eval lists name in its source (as on 3.6)."""
    import importlib
    module = importlib.import_module("odoo.tools.safe_eval")
    with open(module.__file__) as handle:
        tree = ast.parse(handle.read())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                getattr(target, "id", "") in ("_CONST_OPCODES", "_EXPR_OPCODES",
                                              "_SAFE_OPCODES") for target in node.targets):
            names.update(sub.value for sub in ast.walk(node.value)
                         if isinstance(sub, ast.Constant) and isinstance(sub.value, str))
    return names


def test_exactly_the_documented_opcodes_are_accepted_beyond_odoo_11():
    import importlib
    from opcode import opname
    module = importlib.import_module("odoo.tools.safe_eval")
    allowed = {opname[code] for code in module._SAFE_OPCODES}
    assert allowed - _odoo_11_opcode_names() == set(ACCEPTED_BEYOND_ODOO_11)
    from odoo_py311.odoo_patches import patch_safe_eval
    undocumented = [name for name in ACCEPTED_BEYOND_ODOO_11
                    if name.split("_IF_")[0] not in patch_safe_eval.__doc__]
    assert not undocumented



# ----------------------------------------------------------------- threaded server race
def test_loading_the_addons_waits_for_the_registry_being_loaded():
    """The first HTTP request's ``Root.load_addons`` does not import addons while
    another thread loads a registry (which holds the registry's lock)."""
    import threading
    import time
    from odoo import http
    from odoo.modules.registry import Registry
    load_addons = http.Root.load_addons
    assert load_addons._ksm_serialized
    calls = []
    original, load_addons.__wrapped__ = load_addons.__wrapped__, \
        lambda root: calls.append(time.monotonic())
    try:
        with Registry._lock:  # as Registry.new holds it while it loads the modules
            request = threading.Thread(target=load_addons, args=(object(),))
            request.start()
            request.join(0.5)
            assert request.is_alive() and calls == []
            released = time.monotonic()
        request.join(5)
        assert not request.is_alive() and len(calls) == 1 and calls[0] >= released
    finally:
        load_addons.__wrapped__ = original
