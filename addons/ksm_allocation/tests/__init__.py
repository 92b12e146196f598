from . import test_allocation
from . import test_quantity_report
from . import test_true_up
from . import test_retroactive_activation
from . import test_state_guard
