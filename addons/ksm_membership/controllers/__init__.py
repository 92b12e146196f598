from . import portal
from . import account
from . import portal_home
