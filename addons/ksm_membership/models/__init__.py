from . import res_partner
from . import ksm_resolution
