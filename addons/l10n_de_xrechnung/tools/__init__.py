from .leitweg import (  # noqa: F401
    check_leitweg_id, leitweg_check_digits, leitweg_id_problem)
