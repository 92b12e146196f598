from .allocation import allocate  # noqa: F401
