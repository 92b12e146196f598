"""A new session id whenever a request logs a user in (against session fixation): an id
that someone planted or read before the login is worth nothing after it."""
from odoo import http, models
from odoo.http import request
from odoo.service import security


def rotate_session(session):
    """Give ``session`` a new id; the old one is deleted from the session store. The
    session token (an HMAC over the id) is computed anew for the new id."""
    store = http.root.session_store
    store.delete(session)
    session.sid = store.generate_key()
    if session.uid:
        session.session_token = security.compute_session_token(session, request.env)
    session.modified = True


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    @classmethod
    def _dispatch(cls):
        session = request.session
        uid, sid = session.uid, session.sid
        response = super(IrHttp, cls)._dispatch()
        if session.uid and session.uid != uid and session.sid == sid:
            rotate_session(session)
        return response
