from .holidays import easter_sunday, mv_public_holidays  # noqa: F401
from . import invoice_schedule  # noqa: F401
