from . import test_report_chromium
