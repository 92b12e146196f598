from . import test_identifiers
from . import test_membership_lifecycle
from . import test_consent_matrix
from . import test_capital
from . import test_task_review
from . import test_portal_access
from . import test_state_guard
