from . import res_partner
from . import ksm_resolution
from . import ksm_document_version
from . import ksm_membership
from . import ksm_consent
from . import ksm_task
from . import ksm_task_transfer
from . import mail_message
