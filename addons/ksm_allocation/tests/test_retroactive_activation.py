from odoo.exceptions import UserError

from .allocation_common import AllocationCase


class TestRetroactiveActivation(AllocationCase):
    """A Träger whose start date lies in a year with a locked allocation is activated
    only after a warning naming the locked years."""

    def _contracted(self, date_start):
        # a joining with everything done but the activation
        Membership = self.env["ksm.membership"]
        return Membership.browse(Membership._without_state_guard().create({
            "partner_id": self.traeger_c.id, "company_id": self.company.id,
            "state": "contracted", "date_start": date_start, "capital_amount": 500.0,
            "capital_paid_without_invoice": True}).id)

    def _lock(self, year):
        self._report(self.traeger_a, 10, year=year)
        pool = self._pool(100.0, year=year)
        pool.action_allocate()
        pool.action_lock()

    def test_activation_into_locked_years_warns_and_names_them(self):
        self._lock(self.YEAR)
        self._lock(self.YEAR + 1)
        membership = self._contracted("%d-07-01" % self.YEAR)
        self.assertEqual(membership.ksm_locked_years, "2019, 2020")
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            membership.with_context(lang="de_DE").action_activate()
        message = refusal.exception.name
        self.assertIn("Gemeinde Gamma würde rückwirkend Träger", message)
        self.assertIn("01.07.2019", message)
        self.assertIn("(2019, 2020)", message)
        self.assertEqual(membership.state, "contracted")
        membership.action_activate_retroactively()
        self.assertEqual(membership.state, "active")
        self.assertIn("2019, 2020", membership.message_ids[0].body)

    def test_activation_after_the_locked_years_needs_no_warning(self):
        self._lock(self.YEAR)
        membership = self._contracted("%d-01-01" % (self.YEAR + 1))
        self.assertFalse(membership.ksm_locked_years)
        membership.action_activate()
        self.assertEqual(membership.state, "active")
