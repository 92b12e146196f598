from . import invoice_portal
