from . import test_portal_tenant_isolation
