from . import test_allocation
from . import test_roles
from . import test_partner_tree
