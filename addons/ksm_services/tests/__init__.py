from . import test_ksm_device
from . import test_xrechnung
