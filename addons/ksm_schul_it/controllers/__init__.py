from . import myaccount
