from . import (  # noqa: F401
    account_invoice,
    account_invoice_line,
    account_tax,
    ir_actions_report,
    mail_template,
    res_company,
    res_partner,
)
