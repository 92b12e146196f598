from . import ir_http
from . import ksm_display_mixin
from . import res_partner
