from . import test_mail_company_footer
