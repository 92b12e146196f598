from . import test_instance
