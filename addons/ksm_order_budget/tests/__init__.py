from . import test_order_budget
from . import test_order_call_rules
from . import test_order_budget_access
from . import test_project_budget
from . import test_order_budget_demo
from . import test_state_guard
