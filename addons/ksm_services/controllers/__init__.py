from . import invoice_portal
from . import portal
from . import allocation_portal
from . import budget_portal
from . import helpdesk_portal
from . import portal_roles
from . import portal_home
from . import true_up_portal
