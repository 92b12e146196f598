from .allocation import allocate, from_cents, percentages, to_cents  # noqa: F401
from .identifiers import (  # noqa: F401
    ags_problem, check_ags, check_leitweg_id, leitweg_check_digits, leitweg_id_problem)
from .formatting import (  # noqa: F401
    DEFAULT_TZ, format_datetime, local_datetime, local_today)
from .plural import counted  # noqa: F401
