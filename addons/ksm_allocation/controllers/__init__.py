from . import allocation_portal
from . import true_up_portal
from . import portal_home
