from . import ir_model
from . import mail_tracking_value
from . import mail_message
from . import res_partner
