from . import ir_http
from . import res_authentication_attempt
from . import res_company
