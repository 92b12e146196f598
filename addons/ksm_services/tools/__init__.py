from . import invoice_schedule  # noqa: F401
