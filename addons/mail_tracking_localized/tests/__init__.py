from . import test_tracking_display
