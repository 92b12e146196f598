from . import test_background_job
