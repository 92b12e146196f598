from . import batch_create  # noqa: F401
from . import invoice_schedule  # noqa: F401
