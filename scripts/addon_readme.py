#!/usr/bin/env python3
"""Write an addon's README.rst from its manifest and its ``readme/`` fragments, the way
OCA's readme generator lays it out: the name, the summary, a table of contents, then
*Description* (``DESCRIPTION.rst``, followed by any other fragment, e.g.
``INVOICE_RUNS.rst``, in the order of their names), *Configuration* (``CONFIGURE.rst``),
*Usage* (``USAGE.rst``), *Demo data* (``DEMO.rst``), *Access rules*
(``ACCESS.rst``), *Known issues / Roadmap* (``ROADMAP.rst``) and *Credits* (the author, ``CONTRIBUTORS.rst``).

    scripts/addon_readme.py addons/ksm_*           write the READMEs
    scripts/addon_readme.py --check addons/ksm_*   fail if one is not up to date
"""
import ast
import os
import sys
import textwrap

SECTIONS = (("DESCRIPTION.rst", "Description"), ("CONFIGURE.rst", "Configuration"),
            ("USAGE.rst", "Usage"), ("DEMO.rst", "Demo data"),
            ("ACCESS.rst", "Access rules"), ("ROADMAP.rst", "Known issues / Roadmap"))
OWN_FRAGMENTS = {name for name, _title in SECTIONS} | {"CONTRIBUTORS.rst"}


def _heading(title, underline, overline=False):
    line = underline * len(title)
    return "%s%s\n%s\n\n" % (line + "\n" if overline else "", title, line)


def render(addon_dir):
    with open(os.path.join(addon_dir, "__manifest__.py"), encoding="utf-8") as handle:
        source = handle.read()
    manifest = ast.literal_eval(source[source.index("{"):])
    readme = os.path.join(addon_dir, "readme")

    def fragment(name):
        path = os.path.join(readme, name)
        if not os.path.exists(path):
            return ""
        with open(path, encoding="utf-8") as handle:
            return handle.read().strip() + "\n\n"

    text = _heading(manifest["name"], "=", overline=True)
    text += textwrap.fill(manifest["summary"].rstrip(".") + ".", 88) + "\n\n"
    text += "**Table of contents**\n\n.. contents::\n   :local:\n\n"
    extra = sorted(name for name in os.listdir(readme)
                   if name.endswith(".rst") and name not in OWN_FRAGMENTS)
    for name, title in SECTIONS:
        body = fragment(name)
        if name == "DESCRIPTION.rst":
            body += "".join(fragment(other) for other in extra)
        if body:
            text += _heading(title, "=") + body
    text += _heading("Credits", "=") + _heading("Authors", "~")
    text += "* %s\n\n" % manifest["author"]
    contributors = fragment("CONTRIBUTORS.rst")
    if contributors:
        text += _heading("Contributors", "~") + contributors
    return text.rstrip() + "\n"


def main(args):
    check = "--check" in args
    stale = []
    for addon_dir in (arg for arg in args if arg != "--check"):
        path = os.path.join(addon_dir, "README.rst")
        text = render(addon_dir)
        current = open(path, encoding="utf-8").read() if os.path.exists(path) else None
        if current == text:
            continue
        if check:
            stale.append(path)
        else:
            with open(path, "w", encoding="utf-8") as handle:
                handle.write(text)
    if stale:
        print("README.rst not up to date (run scripts/addon_readme.py): %s"
              % ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
