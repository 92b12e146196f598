from . import ksm_service_price_derive
from . import ksm_reserve_call
