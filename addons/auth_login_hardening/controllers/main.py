from odoo import _, http
from odoo.http import request
from odoo.addons.password_security.controllers.main import (PasswordSecurityHome,
                                                            PasswordSecuritySession)

from ..models.ir_http import rotate_session


class LoginHome(PasswordSecurityHome):

    @http.route()
    def web_login(self, *args, **kw):
        """A refused login says why, in the language of the login's user: locked after
        too many failures, or wrong login or password."""
        response = super(LoginHome, self).web_login(*args, **kw)
        qcontext = getattr(response, "qcontext", None)
        login = request.params.get("login")
        if (request.httprequest.method == "POST" and qcontext and qcontext.get("error")
                and login and not request.params.get("login_success")):
            reason = request.env["res.authentication.attempt"].sudo()._refusal_reason(
                login, request.httprequest.remote_addr)
            # the language of that login's user, German (KSM's language) for no user
            user = request.env["res.users"].sudo().search([("login", "=", login)], limit=1)
            context = {"lang": user.lang or "de_DE"}  # the language of _() below
            if reason == "banned":
                qcontext["error"] = _(
                    "Too many failed logins: this login is locked for now. Please try "
                    "again in half an hour, or ask KSM to unlock it.")
            else:
                qcontext["error"] = _(
                    "Wrong login or password. After repeated failures the login is "
                    "locked for a while.")
        return response


class LoginSession(PasswordSecuritySession):

    @http.route()
    def authenticate(self, db, login, password, base_location=None):
        """JSON-RPC login: the answer already carries the new session id."""
        if request.session.authenticate(db, login, password):
            rotate_session(request.session)
        return request.env["ir.http"].session_info()
