from . import test_upload_allowlist
