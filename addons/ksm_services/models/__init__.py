from . import ksm_device
from . import account_tax
from . import account_invoice
from . import account_invoice_line
from . import ir_actions_report
from . import mail_template
from . import res_company
from . import res_partner
