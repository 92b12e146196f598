from . import budget_portal
from . import portal_home
