from . import test_xrechnung, test_refusals, test_settings, test_portal  # noqa: F401
