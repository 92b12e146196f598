from . import test_ksm_device
