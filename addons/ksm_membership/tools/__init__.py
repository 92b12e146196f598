from .identifiers import (  # noqa: F401
    ags_problem, check_ags, check_leitweg_id, leitweg_check_digits, leitweg_id_problem)
