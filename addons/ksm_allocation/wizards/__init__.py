from . import ksm_true_up_compute
