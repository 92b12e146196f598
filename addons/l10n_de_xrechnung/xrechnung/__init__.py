"""Builders of e-invoice files, free of Odoo: they take prepared values, return bytes."""
from . import cii  # noqa: F401
