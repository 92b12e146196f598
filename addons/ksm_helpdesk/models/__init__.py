from . import helpdesk_ticket_stage
from . import resource_calendar
from . import ksm_sla_target
from . import helpdesk_ticket_team
from . import helpdesk_ticket
from . import ksm_sla_report
