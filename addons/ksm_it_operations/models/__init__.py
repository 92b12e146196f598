from . import ksm_application
from . import ksm_maintenance_contract
from . import res_partner
