from . import tools
from . import mail_channel_partner
from . import mail_followers
from . import mail_message
from . import res_partner
