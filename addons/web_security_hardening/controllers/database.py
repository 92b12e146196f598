"""No database manager: every route of Odoo's database controller answers 404."""
from werkzeug.exceptions import NotFound

from odoo import http
from odoo.addons.web.controllers import main


class Database(main.Database):
    """The routes stay registered (so no other module can take them over) and answer 404
    for everyone: databases are created, copied, backed up and dropped by the operator's
    tools on the machine, never over HTTP."""

    @http.route()
    def selector(self, **kw):
        raise NotFound()

    @http.route()
    def manager(self, **kw):
        raise NotFound()

    @http.route()
    def create(self, *args, **kw):
        raise NotFound()

    @http.route()
    def duplicate(self, *args, **kw):
        raise NotFound()

    @http.route()
    def drop(self, *args, **kw):
        raise NotFound()

    @http.route()
    def backup(self, *args, **kw):
        raise NotFound()

    @http.route()
    def restore(self, *args, **kw):
        raise NotFound()

    @http.route()
    def change_password(self, *args, **kw):
        raise NotFound()

    @http.route()
    def list(self):
        raise NotFound()
