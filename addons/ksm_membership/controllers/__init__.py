from . import portal
from . import account
