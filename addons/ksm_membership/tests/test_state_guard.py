from odoo.exceptions import UserError

from .common import KsmMembershipCase
from .state_guard_common import StateGuardAssertions


class TestMembershipStateGuard(StateGuardAssertions, KsmMembershipCase):
    """KSM staff move memberships and consents only through their steps, which check
    resolutions, contracts, capital and consents; writing the status is refused."""

    def test_membership_status_changes_only_through_its_steps(self):
        town, _signatory = self.create_traeger("Stadt Teststadt")
        candidate = self.Membership.create({"partner_id": town.id,
                                            "date_start": "2021-01-01"})
        # activating a candidate without resolution, contract, capital and consents
        self.assertStateWriteRefused(candidate, self.staff, "active", "Aktiv")
        self.assertStateWriteRefused(candidate, self.staff, "resolved",
                                     "Beschlossen")
        self.assertStateWriteRefused(self.founder_schwerin, self.staff, "left",
                                     "Ausgetreten")
        self.assertStateCreateRefused(
            self.Membership, self.staff,
            {"partner_id": town.id, "date_start": "2021-01-01", "state": "active"}, "Aktiv")
        # the steps still work
        candidate.resolution_id = self.create_resolution(town, "SV/2020/777")
        candidate.action_resolve()
        self.assertEqual(candidate.state, "resolved")

    def test_consents_are_decided_by_their_buttons(self):
        town, _signatory = self.create_traeger("Stadt Teststadt")
        candidate = self.Membership.create({"partner_id": town.id,
                                            "date_start": "2021-01-01"})
        consent = candidate.consent_ids.filtered(lambda c: c.partner_id == self.landkreis)
        self.assertStateWriteRefused(consent, self.staff, "given", "Erteilt")
        consent.resolution_id = self.create_resolution(self.landkreis, "KT/2020/5")
        consent.action_give()
        self.assertEqual(consent.state, "given")
        consent.action_reset()
        self.assertEqual((consent.state, consent.resolution_id.id), ("pending", False))

    def test_consents_of_a_decided_joining_stay(self):
        town, _signatory = self.create_traeger("Stadt Teststadt")
        candidate = self.Membership.create({"partner_id": town.id,
                                            "date_start": "2021-01-01"})
        consent = self.give_consent(candidate, self.landkreis)
        candidate.sudo()._without_state_guard().write({"state": "left"})
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            consent.with_context(lang="de_DE").action_reset()
        self.assertIn("Zustimmungen dazu können nicht mehr geändert werden",
                      refusal.exception.name)
        self.assertEqual(consent.state, "given")
