import logging
from datetime import datetime, timedelta

from odoo import _, api, fields, models

_logger = logging.getLogger(__name__)


class ResAuthenticationAttempt(models.Model):
    _inherit = "res.authentication.attempt"

    @api.multi
    @api.depends("remote")
    def _compute_metadata(self):
        """auth_brute_force asks an outside geo-IP service about every address shown:
        no address of anyone who tried to log in leaves the server."""
        for attempt in self:
            attempt.remote_metadata = _(
                "Not looked up: addresses are not sent to any outside service.")

    @api.model
    def _lock_since(self):
        """The start of the lock time: failures older than it no longer count."""
        minutes = int(self.env["ir.config_parameter"].sudo().get_param(
            "auth_login_hardening.lock_minutes", 30))
        return fields.Datetime.to_string(datetime.now() - timedelta(minutes=minutes))

    @api.model
    def _hits_limit(self, limit, remote, login=None):
        """auth_brute_force's count (failures since the last success from ``remote``,
        for ``login`` if given), within the lock time only: a lock ends by itself."""
        domain = [("remote", "=", remote), ("create_date", ">=", self._lock_since())]
        if login is not None:
            domain.append(("login", "=", login))
        return self._failures(domain) >= limit

    @api.model
    def _failures(self, domain):
        """Attempts of ``domain`` that did not succeed, since the last one that did."""
        last_ok = self.search(domain + [("result", "=", "successful")], limit=1,
                              order="create_date desc, id desc")
        if last_ok:
            domain = domain + [("create_date", ">", last_ok.create_date)]
        return self.search_count(domain + [("result", "!=", "successful")])

    @api.model
    def _trusted(self, remote, login):
        """auth_brute_force's limits per address and per address and login, and one per
        login from any address (guessing from many addresses, or through a proxy that
        hides them): auth_login_hardening.max_by_login failures within the lock time
        lock the login.

        It counts everybody's attempts, which nobody but the administrators may read: the
        user being authenticated checks them as the superuser."""
        self = self.sudo()
        if not super(ResAuthenticationAttempt, self)._trusted(remote, login):
            return False
        if not remote or remote in self._whitelist_remotes():
            return True
        limit = int(self.env["ir.config_parameter"].sudo().get_param(
            "auth_login_hardening.max_by_login", 20))
        if self._failures([("login", "=", login),
                           ("create_date", ">=", self._lock_since())]) >= limit:
            _logger.warning("Authentication of login %r refused: %d failures from any "
                            "address within the lock time.", login, limit)
            return False
        return True

    @api.model
    def _refusal_reason(self, login, remote):
        """Why the last login of ``login`` from ``remote`` was refused: "banned" (locked)
        or "failed" (wrong login or password)."""
        last = self.search([("login", "=", login), ("remote", "=", remote)], limit=1,
                           order="create_date desc, id desc")
        return last.result or "failed"
