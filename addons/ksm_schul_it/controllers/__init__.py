from . import myaccount
from . import portal_home
