from .identifiers import check_ags, check_leitweg_id, leitweg_check_digits  # noqa: F401
