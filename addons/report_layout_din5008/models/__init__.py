from . import res_company
from . import account_invoice
