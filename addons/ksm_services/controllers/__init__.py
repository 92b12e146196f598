from . import invoice_portal
from . import portal
from . import budget_portal
