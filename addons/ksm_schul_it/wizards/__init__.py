from . import ksm_replacement_plan
