from . import test_ticket_order_call
