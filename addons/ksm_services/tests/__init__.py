from . import test_catalogue
from . import test_council_annex
from . import test_demo_data
from . import test_onetime_cost
from . import test_portal_access
from . import test_reserve
from . import test_service_sheet
from . import test_tracking_german
