from . import ksm_ticket_order_call
