from .allocation import allocate, from_cents, percentages, to_cents  # noqa: F401
from .identifiers import (  # noqa: F401
    ags_problem, check_ags, check_leitweg_id, leitweg_check_digits, leitweg_id_problem)
from .formatting import DEFAULT_TZ, format_datetime, local_datetime  # noqa: F401
from .plural import counted  # noqa: F401
