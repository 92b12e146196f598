from . import ksm_device
