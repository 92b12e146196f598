"""Mending that lets Odoo 11 (written for Python 3.5/3.6) run on Python 3.11.

Everything here is applied by ``bin/ksm-odoo`` before Odoo starts; nothing in the
business addons depends on it. Each patch is small, named after what broke, and tested
in ``tests/test_py311_mending.py``.

``apply_stdlib()`` must run before ``import odoo`` (Odoo uses the removed names at import
time); ``apply_odoo()`` after it.
"""
from .stdlib import apply_stdlib
from .odoo_patches import apply_odoo

__all__ = ["apply_stdlib", "apply_odoo", "apply"]


def apply():
    """Apply every patch; imports ``odoo``."""
    apply_stdlib()
    import odoo  # noqa: F401  (the import itself needs the stdlib patches)
    apply_odoo()
