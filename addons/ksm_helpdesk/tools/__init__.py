from .holidays import easter_sunday, mv_public_holidays  # noqa: F401
