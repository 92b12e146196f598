from . import helpdesk_ticket
from . import ksm_order_call
from . import account_analytic_line
