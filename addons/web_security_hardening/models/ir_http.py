"""Every response of a database gets the security headers and a safe session cookie;
redirect targets from the request are kept to this server's own paths; bad route input is
answered 400/404 before any controller runs."""
import re

import werkzeug.exceptions
from werkzeug.urls import url_parse

from odoo import _, models
from odoo.http import Response, request
from odoo.models import BaseModel

# PostgreSQL's ``integer``: ids and integer route arguments beyond it make the database fail
PG_INT_MIN, PG_INT_MAX = -2 ** 31, 2 ** 31 - 1
# Odoo 11's web client evaluates code it receives as strings and runs inline scripts, so
# scripts need 'unsafe-inline' and 'unsafe-eval'; everything still comes from this origin
# only, and no other site may frame its pages.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])
SECURITY_HEADERS = [
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
]
SESSION_COOKIE = "session_id"
# request parameters that name where to go next (web login, logout, /my/account, /web)
REDIRECT_PARAMETERS = ("redirect",)
# control characters a text field never needs (tab, line feed and carriage return stay)
CONTROL_CHARACTERS = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]")


def local_target(target, host):
    """``target`` as a path on this server (``host``), or None when it leads elsewhere:
    another host, ``//host``, a scheme such as ``javascript:``, backslashes or control
    characters (which browsers read as slashes or drop)."""
    if not isinstance(target, str) or not target or target != target.strip():
        return None
    if "\\" in target or re.search("[\x00-\x1f\x7f]", target):
        return None
    parsed = url_parse(target)
    if parsed.scheme or parsed.netloc:
        if parsed.scheme not in ("http", "https") or parsed.netloc != host:
            return None
        target = parsed.replace(scheme="", netloc="").to_url() or "/"
    if not target.startswith("/") or target.startswith("//"):
        return None
    return target


def out_of_range(value):
    """Whether a converted route argument cannot be an integer of PostgreSQL."""
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return not PG_INT_MIN <= value <= PG_INT_MAX
    if isinstance(value, BaseModel):
        return any(isinstance(record_id, int) and not 0 < record_id <= PG_INT_MAX
                   for record_id in value.ids)
    return False


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _find_handler(cls, return_rule=False):
        """Ids and numbers in the path beyond PostgreSQL's integer: no such page (404)."""
        found = super(IrHttp, cls)._find_handler(return_rule=return_rule)
        arguments = found[1]
        if any(out_of_range(value) for value in arguments.values()):
            raise werkzeug.exceptions.NotFound()
        return found

    @classmethod
    def _dispatch(cls):
        refused = cls._security_refuse_bad_input()
        if refused is not None:
            return cls._security_headers(refused)
        cls._security_local_redirects()
        return cls._security_headers(super(IrHttp, cls)._dispatch())

    # ------------------------------------------------------------------ input
    @classmethod
    def _security_texts(cls):
        """The path, the query and (for forms) the form fields of the request."""
        httprequest = request.httprequest
        texts = [httprequest.path]
        sources = [httprequest.args]
        if request._request_type == "http":
            sources.append(httprequest.form)
        for source in sources:
            for key, values in source.lists():
                texts.append(key)
                texts.extend(value for value in values if isinstance(value, str))
        return texts

    @classmethod
    def _security_refuse_bad_input(cls):
        """A 400 answer for NUL bytes anywhere in the path, query or form (PostgreSQL
        cannot store them, and no person types them); control characters other than tab
        and line breaks are taken out of the form values the controllers get."""
        if any("\x00" in text for text in cls._security_texts()):
            context = {"lang": cls._security_lang()}  # the language of _() below
            return cls._security_bad_request(_(
                "The request contains a NUL character, which no address or form field "
                "may contain. Please check the address or the text you entered."))
        if request._request_type == "http":
            for key, value in list(request.params.items()):
                if isinstance(value, str) and CONTROL_CHARACTERS.search(value):
                    request.params[key] = CONTROL_CHARACTERS.sub("", value)
        return None

    @classmethod
    def _security_lang(cls):
        """The language of the logged-in user; German before login (KSM's users)."""
        uid = request.session.uid
        if uid:
            return request.env["res.users"].sudo().browse(uid).lang or "de_DE"
        return "de_DE"

    @classmethod
    def _security_bad_request(cls, message):
        return Response(message, status=400, content_type="text/plain; charset=utf-8")

    @classmethod
    def _security_local_redirects(cls):
        """Redirect targets that lead to another host are dropped: the route then goes
        to its own default page."""
        host = request.httprequest.host
        for name in REDIRECT_PARAMETERS:
            target = request.params.get(name)
            if target is None:
                continue
            local = local_target(target, host)
            if local is None:
                request.params.pop(name)
            else:
                request.params[name] = local

    # ------------------------------------------------------------------ output
    @classmethod
    def _security_headers(cls, response):
        if isinstance(response, (str, bytes)):
            response = Response(response, mimetype="text/html")
        elif isinstance(response, werkzeug.exceptions.HTTPException):
            response = response.get_response(request.httprequest.environ)
        headers = getattr(response, "headers", None)
        if headers is None:
            return response
        for name, value in SECURITY_HEADERS:
            headers.setdefault(name, value)
        if hasattr(response, "set_cookie"):
            cls._security_cookie_flags(response)
        return response

    @classmethod
    def _security_cookie_flags(cls, response):
        """Cookies set on ``response`` afterwards (Odoo sets the session cookie after the
        dispatch) get SameSite=Lax, Secure when the request came through TLS (with
        proxy_mode, as the proxy's X-Forwarded-Proto says), and the session cookie
        HttpOnly."""
        secure = request.httprequest.is_secure
        set_cookie = response.set_cookie

        def safe_set_cookie(key, *args, **kwargs):
            kwargs.setdefault("samesite", "Lax")
            if secure:
                kwargs["secure"] = True
            if key == SESSION_COOKIE:
                kwargs["httponly"] = True
            return set_cookie(key, *args, **kwargs)

        response.set_cookie = safe_set_cookie
