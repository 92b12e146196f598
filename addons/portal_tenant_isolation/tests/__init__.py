from . import test_portal_tenant_isolation
from . import test_parent_path
