from . import ksm_invoice_run_wizard
from . import ksm_invoice_run_wizard_line
