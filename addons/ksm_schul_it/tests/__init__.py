from . import test_ksm_school
from . import test_ksm_funding_grant
from . import test_ksm_replacement_plan
from . import test_replacement_proposal
from . import test_ksm_service_sheet
from . import test_helpdesk_ticket
from . import test_portal_access
from . import test_ksm_device
