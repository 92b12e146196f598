from .identifiers import ags_problem, check_ags  # noqa: F401
