from . import invoice_portal
from . import portal
from . import allocation_portal
from . import budget_portal
