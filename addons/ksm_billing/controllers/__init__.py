from . import portal_roles
from . import portal_home
