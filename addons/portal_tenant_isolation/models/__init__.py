from . import tools
from . import mail_channel_partner
from . import mail_followers
from . import mail_message
from . import mail_thread
from . import res_partner
