from odoo.exceptions import UserError

# the German refusal of base_state_guard, whatever record and status
REFUSAL = "kann nicht direkt auf „%s“ gesetzt werden"


class StateGuardAssertions(object):
    """Assertions for tests of models with ``state.guard.mixin``."""

    def assertStateWriteRefused(self, record, user, state, label):
        """``user`` writing ``state`` on ``record`` is refused in German (naming the
        status ``label``), and nothing changes."""
        before = record.read([record._state_field])[0][record._state_field]
        other = record.sudo(user).with_context(lang="de_DE")
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            other.write({record._state_field: state})
        self.assertIn(REFUSAL % label, refusal.exception.name)
        self.assertIn("Schaltflächen des Arbeitsablaufs", refusal.exception.name)
        record.invalidate_cache()
        self.assertEqual(record[record._state_field], before)
        return refusal.exception.name

    def assertStateCreateRefused(self, model, user, values, label):
        """Creating a record directly in another status than the initial one is refused,
        by a value and by a default in the context; nothing is created."""
        Model = model.sudo(user).with_context(lang="de_DE")
        count = Model.sudo().search_count([])
        field = model._state_field
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            Model.create(dict(values, **{field: values[field]}))
        self.assertIn(REFUSAL % label, refusal.exception.name)
        defaults = dict(values)
        state = defaults.pop(field)
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            Model.with_context(**{"default_" + field: state}).create(defaults)
        self.assertIn(REFUSAL % label, refusal.exception.name)
        self.assertEqual(Model.sudo().search_count([]), count)


def staff_user(env, login, *groups):
    """A KSM employee with ``groups`` (xml ids) and nothing else, working in German."""
    return env["res.users"].with_context(no_reset_password=True).create({
        "name": login, "login": login, "lang": "de_DE", "email": "%s@ksm.example" % login,
        "groups_id": [(6, 0, [env.ref(group).id for group in groups])]})
