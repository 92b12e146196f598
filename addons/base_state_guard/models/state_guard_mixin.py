# Copyright 2026 KSM Kommunalservice Mecklenburg AöR
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, models
from odoo.exceptions import UserError

CONTEXT_KEY = "state_guard_models"


class _StateChange(frozenset):
    """The models whose status the running action may change.

    Only Python code can put an instance of this class into a context: a context that
    comes over JSON-RPC or XML-RPC holds plain strings, numbers, lists and dicts, so no
    caller can switch the guard off from outside.
    """


class StateGuardMixin(models.AbstractModel):
    """The status of a workflow model changes through its action methods only.

    ``write`` and ``create`` refuse a change of the status field (``_state_field``,
    default ``state``) unless it comes from ``_set_state``, which the model's actions call
    after they checked what the step needs (a signatory, the budget, a reason...). Whoever
    calls ``write`` — a portal user, KSM staff, the administrator — cannot skip a step or
    its checks.

    Records loaded from a module's data files while the module is installed keep their
    status (demo data describes records in a given state).
    """

    _name = "state.guard.mixin"
    _description = "Status changed by actions only"
    _state_field = "state"

    @api.model
    def _state_guard_active(self):
        """Whether the running code is one of the model's actions changing the status."""
        allowed = self.env.context.get(CONTEXT_KEY)
        if isinstance(allowed, _StateChange) and self._name in allowed:
            return True
        # a module's data files while it is installed; no request runs then
        return bool(self.env.context.get("install_mode")) and not self.pool.ready

    @api.model
    def _state_guard_label(self, value):
        """The label of the status ``value`` in the user's language."""
        field = self._fields[self._state_field]
        return dict(field._description_selection(self.env)).get(value, value or "")

    @api.model
    def _state_guard_message(self, record_name, value):
        return _("The status of %(record)s cannot be set to \"%(state)s\" directly: use the "
                 "buttons of its workflow, which check what the step needs.") % {
            "record": record_name, "state": self._state_guard_label(value)}

    @api.model
    def create(self, vals):
        name = self._state_field
        if not self._state_guard_active():
            self.check_access_rights("create")  # who may not create learns that first
            field = self._fields[name]
            initial = field.default(self) if field.default else False
            # a value in vals, or a default from the context or from ir.default
            value = vals[name] if name in vals else \
                self.default_get([name]).get(name, initial)
            if (value or False) != (initial or False):
                model_name = self.env["ir.model"]._get(self._name).name  # translated
                raise UserError(self._state_guard_message(model_name, value))
        return super(StateGuardMixin, self).create(vals)

    @api.multi
    def write(self, vals):
        name = self._state_field
        if name in vals and not self._state_guard_active():
            self.check_access_rights("write")  # who may not write learns that first
            changed = self.filtered(lambda record: record[name] != (vals[name] or False))
            if changed:
                raise UserError(self._state_guard_message(
                    changed[0].display_name, vals[name]))
        return super(StateGuardMixin, self).write(vals)

    @api.multi
    def _set_state(self, state, values=None):
        """Move the records to ``state`` (with further ``values``): for actions only.

        The action calls it once it has checked that the step is allowed; it is private,
        so no RPC call reaches it.
        """
        vals = dict(values or {})
        vals[self._state_field] = state
        return self._without_state_guard().write(vals)

    @api.multi
    def _without_state_guard(self):
        """The records in an environment where ``write`` may change their status: for an
        action that writes the status together with fields its own ``write`` checks.

        The records returned carry the permission in their context: use them for the
        one write and do not hand them on (browse the ids again for anything else).
        """
        allowed = self.env.context.get(CONTEXT_KEY)
        allowed = set(allowed) if isinstance(allowed, _StateChange) else set()
        allowed.add(self._name)
        return self.with_context(**{CONTEXT_KEY: _StateChange(allowed)})
