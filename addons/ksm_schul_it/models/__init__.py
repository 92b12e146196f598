from . import ksm_school
from . import res_partner
from . import ksm_funding_programme
from . import ksm_funding_grant
from . import ksm_device
from . import helpdesk_ticket
