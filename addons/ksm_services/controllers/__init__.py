from . import invoice_portal
from . import portal
