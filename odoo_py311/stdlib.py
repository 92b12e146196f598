"""Names that Python 3.9-3.11 removed from the standard library, and PyYAML 6 wanting a Loader."""
import base64
import collections
import collections.abc
import inspect

_ABC_NAMES = (
    "Awaitable", "Coroutine", "AsyncIterable", "AsyncIterator", "AsyncGenerator",
    "Hashable", "Iterable", "Iterator", "Generator", "Reversible", "Sized",
    "Container", "Callable", "Collection", "Set", "MutableSet", "Mapping",
    "MutableMapping", "MappingView", "KeysView", "ItemsView", "ValuesView",
    "Sequence", "MutableSequence", "ByteString",
)

ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")


def getargspec(func):
    """Python 3.5's ``inspect.getargspec``, built on ``getfullargspec``."""
    spec = inspect.getfullargspec(func)
    if spec.kwonlyargs or spec.annotations:
        raise ValueError(
            "Function has keyword-only parameters or annotations, "
            "use inspect.getfullargspec() instead")
    return ArgSpec(spec.args, spec.varargs, spec.varkw, spec.defaults)


def formatargspec(args, varargs=None, varkw=None, defaults=None,
                  kwonlyargs=(), kwonlydefaults=None, annotations=None):
    """Python 3.5's ``inspect.formatargspec`` for what Odoo passes: ``(a, b=1, *c, **d)``.

    Odoo only feeds it the result of ``getargspec`` (no annotations) and evaluates the
    text as a lambda's parameter list, so defaults are written with ``repr``.
    """
    defaults = defaults or ()
    first_default = len(args) - len(defaults)
    parts = []
    for index, name in enumerate(args):
        if index >= first_default:
            parts.append("%s=%r" % (name, defaults[index - first_default]))
        else:
            parts.append(name)
    if varargs is not None:
        parts.append("*" + varargs)
    elif kwonlyargs:
        parts.append("*")
    for name in kwonlyargs or ():
        if kwonlydefaults and name in kwonlydefaults:
            parts.append("%s=%r" % (name, kwonlydefaults[name]))
        else:
            parts.append(name)
    if varkw is not None:
        parts.append("**" + varkw)
    return "(" + ", ".join(parts) + ")"


def _yaml_load_with_default_loader():
    try:
        import yaml
    except ImportError:
        return
    if getattr(yaml.load, "_odoo_py311", False):
        return
    original = yaml.load

    def load(stream, Loader=None):
        return original(stream, Loader=Loader or yaml.FullLoader)

    load._odoo_py311 = True
    yaml.load = load


def apply_stdlib():
    for name in _ABC_NAMES:
        if not hasattr(collections, name) and hasattr(collections.abc, name):
            setattr(collections, name, getattr(collections.abc, name))
    if not hasattr(inspect, "getargspec"):
        inspect.getargspec = getargspec
    if not hasattr(inspect, "formatargspec"):
        inspect.formatargspec = formatargspec
    if not hasattr(base64, "encodestring"):
        base64.encodestring = base64.encodebytes
        base64.decodestring = base64.decodebytes
    _yaml_load_with_default_loader()
