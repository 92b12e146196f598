"""Patches to Odoo 11 modules themselves; run after ``import odoo``."""
import ast
import builtins
import functools
import importlib
import resource
import types
from xml.etree import ElementTree
from opcode import opmap

# Python 3.11 opcodes that do what Odoo 11's whitelists already allowed under their 3.6
# names. Forbidden operations (IMPORT_NAME, STORE_ATTR, DELETE_ATTR, STORE_GLOBAL, ...)
# have no entry here on purpose.
PY311_CONST_OPCODES = {
    "RESUME",          # no-op marker at the start of every code object
    "COPY", "SWAP",    # replace DUP_TOP / ROT_*
    "LIST_EXTEND", "SET_UPDATE", "LIST_TO_TUPLE",  # replace BUILD_*_UNPACK
    "NOP",
}
PY311_EXPR_OPCODES = {
    "BINARY_OP",       # replaces every BINARY_* / INPLACE_* arithmetic opcode
    "IS_OP", "CONTAINS_OP",          # split out of COMPARE_OP
    "DICT_MERGE", "DICT_UPDATE",     # replace BUILD_MAP_UNPACK(_WITH_CALL)
    "FORMAT_VALUE", "BUILD_STRING",  # f-strings
    "UNPACK_EX",
}
PY311_SAFE_OPCODES = {
    "PUSH_NULL", "PRECALL", "CALL", "KW_NAMES",    # replace CALL_FUNCTION(_KW) / CALL_METHOD
    "JUMP_BACKWARD", "JUMP_BACKWARD_NO_INTERRUPT",  # replace JUMP_ABSOLUTE
    "POP_JUMP_FORWARD_IF_FALSE", "POP_JUMP_FORWARD_IF_TRUE",
    "POP_JUMP_BACKWARD_IF_FALSE", "POP_JUMP_BACKWARD_IF_TRUE",
    "POP_JUMP_FORWARD_IF_NONE", "POP_JUMP_FORWARD_IF_NOT_NONE",
    "POP_JUMP_BACKWARD_IF_NONE", "POP_JUMP_BACKWARD_IF_NOT_NONE",
    "RETURN_GENERATOR",                             # generator expressions
    "PUSH_EXC_INFO", "CHECK_EXC_MATCH", "RERAISE",  # try/except (was SETUP_EXCEPT, END_FINALLY)
    "LOAD_ASSERTION_ERROR",                         # assert (was LOAD_GLOBAL AssertionError)
}


def _opcodes(names):
    return {opmap[name] for name in names if name in opmap}


def patch_safe_eval():
    """Let Odoo 11's safe_eval accept Python 3.11 bytecode of what it accepted on 3.6.

    safe_eval compiles the expression and refuses it when the code holds an opcode that
    is not on its whitelists. Exactly these opcodes are accepted beyond Odoo 11's lists
    on Python 3.6 (tests/test_py311_mending.py pins the list); none of them reaches a
    name, attribute, module or frame that the 3.6 lists did not already reach:

    Constants (_CONST_OPCODES, hence everywhere):
      RESUME          no-op marker at the start of every code object; does nothing.
      NOP             does nothing.
      COPY, SWAP      stack shuffles that replace DUP_TOP / ROT_TWO / ROT_THREE.
      LIST_EXTEND, SET_UPDATE, LIST_TO_TUPLE
                      build a list/set/tuple from items already on the stack; replace
                      BUILD_LIST_UNPACK / BUILD_TUPLE_UNPACK (``[*a, 1]``, constants).
    Expressions (_EXPR_OPCODES):
      BINARY_OP       every arithmetic/bitwise operator (was BINARY_ADD, INPLACE_ADD, ...):
                      calls the same operator methods as before.
      IS_OP, CONTAINS_OP
                      ``is``/``in`` comparisons, split out of COMPARE_OP.
      DICT_MERGE, DICT_UPDATE
                      ``{**a}`` / ``f(**a)``; replace BUILD_MAP_UNPACK(_WITH_CALL).
      FORMAT_VALUE, BUILD_STRING
                      f-strings: call ``format()``/``str()`` on a value, as the allowed
                      ``"%s" % x`` and ``str(x)`` already do.
      UNPACK_EX       ``a, *b = c``: unpacking into local names, like UNPACK_SEQUENCE.
    Statements (_SAFE_OPCODES):
      PUSH_NULL, PRECALL, CALL, KW_NAMES
                      calling a callable already loaded (was CALL_FUNCTION(_KW) /
                      CALL_METHOD): what can be called is still limited by the names and
                      attributes safe_eval lets code load.
      JUMP_BACKWARD, JUMP_BACKWARD_NO_INTERRUPT
                      loops (was JUMP_ABSOLUTE).
      POP_JUMP_FORWARD_IF_FALSE/_TRUE/_NONE/_NOT_NONE,
      POP_JUMP_BACKWARD_IF_FALSE/_TRUE/_NONE/_NOT_NONE
                      ``if``/``and``/``or`` (were POP_JUMP_IF_FALSE/TRUE): jumps only.
      RETURN_GENERATOR
                      starts a generator expression's code (generators were allowed:
                      YIELD_VALUE); no frame is exposed.
      PUSH_EXC_INFO, CHECK_EXC_MATCH, RERAISE
                      try/except (was SETUP_EXCEPT, END_FINALLY, POP_EXCEPT): the caught
                      exception is matched and re-raised, nothing more.
      LOAD_ASSERTION_ERROR
                      ``assert`` (was LOAD_GLOBAL AssertionError): pushes that class only.

    Still refused: IMPORT_NAME/IMPORT_FROM/IMPORT_STAR, STORE_ATTR/DELETE_ATTR,
    STORE_GLOBAL/DELETE_GLOBAL, LOAD_BUILD_CLASS, BEFORE_WITH, SEND/GET_AWAITABLE,
    closures (MAKE_CELL, LOAD_CLOSURE, LOAD_DEREF, COPY_FREE_VARS) and every other new
    opcode; dunder names are refused by safe_eval's name check as before.
    """
    safe_eval = importlib.import_module("odoo.tools.safe_eval")
    const = _opcodes(PY311_CONST_OPCODES)
    expr = const | _opcodes(PY311_EXPR_OPCODES)
    safe = expr | _opcodes(PY311_SAFE_OPCODES)
    # update in place: ir_qweb imported _SAFE_OPCODES by name
    safe_eval._CONST_OPCODES.update(const)
    safe_eval._EXPR_OPCODES.update(expr)
    safe_eval._SAFE_OPCODES.update(safe)


_CONSTANT_NAMES = {"None": None, "True": True, "False": False}
_LIST_FIELDS = {"posonlyargs", "type_ignores", "kwonlyargs", "kw_defaults",
                "decorator_list", "keywords", "ifs", "defaults", "args", "body",
                "orelse", "finalbody", "handlers", "names", "elts", "targets"}


class _Py35AstToPy311(ast.NodeTransformer):
    """Turns the 3.5-style tree QWeb builds by hand into one Python 3.11 compiles."""

    def generic_visit(self, node):
        for field in node._fields:
            if not hasattr(node, field):
                if field in _LIST_FIELDS:
                    setattr(node, field, [])
                elif field == "is_async":
                    setattr(node, field, 0)
                else:
                    setattr(node, field, None)
        return super().generic_visit(node)

    def visit_Name(self, node):
        if node.id in _CONSTANT_NAMES:
            return ast.copy_location(ast.Constant(value=_CONSTANT_NAMES[node.id]), node)
        return self.generic_visit(node)


def _repair_line_ranges(tree):
    """QWeb mixes nodes parsed from template expressions (with their own line numbers)
    into nodes it builds; 3.8+ then sees end positions before start positions."""
    for node in ast.walk(tree):
        if getattr(node, "end_lineno", None) is None or not hasattr(node, "lineno"):
            continue
        if node.end_lineno < node.lineno:
            node.end_lineno = node.lineno
        if node.end_lineno == node.lineno and (node.end_col_offset or 0) < node.col_offset:
            node.end_col_offset = node.col_offset
    return tree


def qweb_compile(source, filename, mode, *args, **kwargs):
    """``compile`` for the QWeb module: normalise a hand-built AST first."""
    if isinstance(source, ast.AST):
        source = _Py35AstToPy311().visit(source)
        source = _repair_line_ranges(ast.fix_missing_locations(source))
    return builtins.compile(source, filename, mode, *args, **kwargs)


def patch_qweb():
    qweb = importlib.import_module("odoo.addons.base.ir.ir_qweb.qweb")
    qweb.compile = qweb_compile


def _int_setrlimit(which, limits):
    soft, hard = limits
    return resource.setrlimit(which, (int(soft), int(hard)))


def patch_prefork_rlimits():
    """Python >= 3.10 refuses float limits; the workers pass ``cpu_time + limit``."""
    server = importlib.import_module("odoo.service.server")
    proxy = types.ModuleType("resource")
    proxy.__dict__.update(vars(resource))
    proxy.setrlimit = _int_setrlimit
    server.resource = proxy


class _ElementWithChildren(ElementTree.Element):
    """``Element.getchildren()`` was removed in Python 3.9."""

    def getchildren(self):
        return list(self)


def _parse_with_getchildren(source, parser=None):
    if parser is None:
        builder = ElementTree.TreeBuilder(element_factory=_ElementWithChildren)
        parser = ElementTree.XMLParser(target=builder)
    return ElementTree.parse(source, parser)


def patch_web_concat_xml():
    """The web client's templates (/web/webclient/qweb) are merged with ``concat_xml``,
    which calls ``getchildren()`` on ElementTree elements."""
    web_main = importlib.import_module("odoo.addons.web.controllers.main")
    proxy = types.ModuleType("ElementTree")
    proxy.__dict__.update(vars(ElementTree))
    proxy.parse = _parse_with_getchildren
    web_main.ElementTree = proxy


def patch_addon_loading_race():
    """Odoo 11's threaded server answers HTTP while its main thread still loads the
    registry: the first request imports every addon with a ``static`` folder
    (``Root.load_addons``) while the registry imports the installed ones. Under Python
    3.11 an addon being imported by the other thread can be handed over half
    initialised, and the registry is built without that module's models or fields
    (seen: ``KeyError: 'bus.bus'``, ``account.invoice.line`` without ``start_date``).
    Loading the addons takes the registry's lock, so the two never run at once."""
    http = importlib.import_module("odoo.http")
    registry = importlib.import_module("odoo.modules.registry")
    if getattr(http.Root.load_addons, "_ksm_serialized", False):
        return

    @functools.wraps(http.Root.load_addons)
    def load_addons(self):
        with registry.Registry._lock:
            return load_addons.__wrapped__(self)

    load_addons._ksm_serialized = True
    http.Root.load_addons = load_addons


def apply_odoo():
    patch_safe_eval()
    patch_qweb()
    patch_prefork_rlimits()
    patch_web_concat_xml()
    patch_addon_loading_race()
