from . import test_xrechnung
from . import test_invoice_run
from . import test_invoice_run_schedule
from . import test_invoice_run_wizard
from . import test_invoice_run_batch_create
from . import test_state_guard
from . import test_invoice_roles
from . import test_tracking_german
