"""Only the CSS rules a small piece of HTML can use.

Chromium's header and footer templates load no stylesheet: the report's CSS is put
into each of them, and Chromium parses it again for every page. Odoo's report bundle
is some 230 KB (Bootstrap), of which a page header uses a few rules; ``prune`` keeps the
rules whose selectors name only classes and ids the piece uses (and rules that name
none, such as ``table`` or ``*``), inside at-rules too.
"""
import functools
import re

SELECTOR_NAME = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
COMMENT = re.compile(r"/\*.*?\*/", re.S)
# at-rules whose block holds rules (prune inside) and ones kept or dropped whole
NESTING_AT_RULES = ("@media", "@supports", "@document", "@layer")
FONT_AT_RULES = ("@font-face",)


def _blocks(css):
    """(prelude, body) of each top-level statement; body None for ``@import ...;``."""
    position, length = 0, len(css)
    while position < length:
        brace = css.find("{", position)
        semicolon = css.find(";", position)
        if brace < 0:
            return
        if 0 <= semicolon < brace and css[position:semicolon].strip().startswith("@"):
            yield css[position:semicolon].strip(), None
            position = semicolon + 1
            continue
        depth, end = 1, brace + 1
        while end < length and depth:
            if css[end] == "{":
                depth += 1
            elif css[end] == "}":
                depth -= 1
            end += 1
        yield css[position:brace].strip(), css[brace + 1:end - 1]
        position = end


def used_names(html):
    """The class names and ids in ``html``."""
    names = set()
    for value in re.findall(r'\b(?:class|id)\s*=\s*"([^"]*)"', html):
        names.update(value.split())
    for value in re.findall(r"\b(?:class|id)\s*=\s*'([^']*)'", html):
        names.update(value.split())
    return names


def prune(css, names, keep_fonts=False):
    """The rules of ``css`` whose selectors ``names`` (classes and ids) can match."""
    kept = []
    for prelude, body in _blocks(COMMENT.sub("", css)):
        if body is None:
            continue  # @import, @charset: the templates load nothing
        lowered = prelude.lower()
        if lowered.startswith(NESTING_AT_RULES):
            inner = prune(body, names, keep_fonts)
            if inner:
                kept.append("%s{%s}" % (prelude, inner))
        elif lowered.startswith(FONT_AT_RULES):
            if keep_fonts:
                kept.append("%s{%s}" % (prelude, body))
        elif lowered.startswith("@"):
            continue  # @keyframes, @page, @-ms-viewport: nothing a band needs
        else:
            selectors = [selector for selector in prelude.split(",")
                         if set(SELECTOR_NAME.findall(selector)) <= names]
            if selectors:
                kept.append("%s{%s}" % (",".join(selectors), body))
    return "".join(kept)


@functools.lru_cache(maxsize=64)
def _prune_cached(css, names):
    return prune(css, set(names))


def prune_cached(css, names):
    """``prune`` remembered: the same layout prints the same band on every document."""
    return _prune_cached(css, frozenset(names))
