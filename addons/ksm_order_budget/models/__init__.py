from . import ksm_order_budget
from . import ksm_order_call
from . import project_project
from . import project_task
from . import account_analytic_line
