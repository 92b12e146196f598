from odoo import _, http
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal

PG_INT_MAX = 2 ** 31 - 1
# the choice lists of the form: (field, model)
ACCOUNT_CHOICES = (("country_id", "res.country"), ("state_id", "res.country.state"))


class AccountPortal(CustomerPortal):
    """/my/account changes the contact's details only on POST (Odoo then checks the CSRF
    token); Odoo's portal would write on GET parameters too. Choices that are no record
    of their list are answered 400 with a German message, not a database error."""

    @http.route()
    def account(self, redirect=None, **post):
        if request.httprequest.method != "POST":
            post = {}
        response = super(AccountPortal, self).account(redirect=redirect, **post)
        if post and getattr(response, "qcontext", {}).get("error"):
            response.status_code = 400
        return response

    def details_form_validate(self, data):
        error, messages = {}, []
        for field, model in ACCOUNT_CHOICES:
            value = data.get(field)
            if value and not (value.isdigit() and int(value) <= PG_INT_MAX and
                              request.env[model].sudo().browse(int(value)).exists()):
                error[field] = "error"
                data[field] = ""
                message = _("Please choose the country and the state from the lists.")
                if message not in messages:
                    messages.append(message)
        more_error, more_messages = super(AccountPortal, self).details_form_validate(data)
        more_error.update(error)
        return more_error, messages + more_messages
