from .allocation import allocate, from_cents, percentages, to_cents  # noqa: F401
from .formatting import (  # noqa: F401
    DEFAULT_TZ, format_amount, format_datetime, local_datetime, local_today)
from .plural import counted  # noqa: F401
