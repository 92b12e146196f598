from . import product_template
from . import ksm_service_price
from . import ksm_budget_account
from . import ksm_service_sheet
from . import ksm_service_sheet_line
from . import ksm_onetime_cost
from . import ksm_onetime_cost_share
from . import res_partner
