from . import background_job
from . import background_job_mixin
