from . import ksm_service_price_derive
from . import ksm_reserve_call
from . import ksm_invoice_run_wizard
from . import ksm_invoice_run_wizard_line
from . import ksm_ticket_order_call
from . import ksm_true_up_compute
