"""Every user-facing term of the ksm modules has a German translation.

Odoo's own export (``--i18n-export`` of a .pot) lists every term a module shows: field
labels and help, selection values, menus, views, QWeb templates, Python ``_()`` messages.
Each must have a non-empty, non-fuzzy entry in the module's ``i18n/de.po`` (which Odoo
loads for German users at install).
"""
import collections
import os
import subprocess

import polib
import pytest

from .odoo_env import KSM_MODULES, ROOT, odoo_command


@pytest.mark.parametrize("module", KSM_MODULES)
def test_every_term_is_translated_to_german(odoo_db, module, tmp_path):
    template = str(tmp_path / ("%s.po" % module))  # no --language: a template
    subprocess.check_call(odoo_command([
        "-d", odoo_db, "--i18n-export=%s" % template, "--modules=%s" % module,
        "--stop-after-init", "--logfile",
        os.path.join(ROOT, "var", "log", "i18n-export.log")]), cwd=ROOT)
    terms = [entry for entry in polib.pofile(template) if entry.msgid]
    po_path = os.path.join(ROOT, "addons", module, "i18n", "de.po")
    german = {}
    if os.path.exists(po_path):
        entries = [entry for entry in polib.pofile(po_path)
                   if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete]
        # Odoo keeps one of two entries of a term, which one is chance
        twice = [msgid for msgid, count in collections.Counter(
            (entry.msgctxt, entry.msgid) for entry in entries).items() if count > 1]
        assert not twice, "terms with more than one entry in %s: %s" % (po_path, twice)
        german = {entry.msgid: entry for entry in entries}
    missing = ["%s  (%s)" % (entry.msgid, ", ".join(o[0] for o in entry.occurrences[:2]))
               for entry in terms if entry.msgid not in german]
    assert not missing, "%d of %d terms of %s lack a German translation in %s:\n%s" % (
        len(missing), len(terms), module, po_path, "\n".join(missing[:80]))
