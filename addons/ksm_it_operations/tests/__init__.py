from . import test_application
from . import test_maintenance_contract
from . import test_state_guard
from . import test_demo
