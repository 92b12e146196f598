from . import test_sla_holidays
from . import test_sla_deadlines
from . import test_sla_report
from . import test_helpdesk_ticket
from . import test_helpdesk_mail
from . import test_roles
