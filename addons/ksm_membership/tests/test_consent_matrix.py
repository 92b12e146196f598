from odoo.exceptions import UserError, ValidationError

from .common import KsmMembershipCase


class TestConsentMatrix(KsmMembershipCase):
    """Every Träger active on a candidate's start date consents by resolution."""

    def consenting(self, membership):
        return membership.consent_ids.mapped("partner_id")

    def test_matrix_lists_every_traeger_active_on_the_start_date(self):
        early, _signatory = self.create_traeger("Stadt Früh")
        self.create_active_membership(early, "2019-01-01", 500.0)
        late, _signatory = self.create_traeger("Stadt Spät")
        self.create_active_membership(late, "2022-01-01", 500.0)
        gone, _signatory = self.create_traeger("Gemeinde Ausgetreten", kind="gemeinde",
                                               body="gemeindevertretung")
        gone_membership = self.create_active_membership(gone, "2015-01-01", 500.0)
        gone_membership.sudo()._without_state_guard().write(
            {"state": "left", "date_end": "2019-12-31"})

        town, _signatory = self.create_traeger("Stadt Teststadt")
        candidate = self.Membership.create({"partner_id": town.id, "date_start": "2021-01-01"})

        self.assertEqual(self.consenting(candidate), self.landkreis | self.schwerin | early)
        self.assertEqual(set(candidate.consent_ids.mapped("state")), {"pending"})
        self.assertEqual((candidate.consent_given_count, candidate.consent_count), (0, 3))

    def test_founders_joining_together_consent_to_each_other(self):
        self.assertEqual(self.founder_landkreis._required_consenting_partners(), self.schwerin)
        self.assertEqual(self.founder_schwerin._required_consenting_partners(), self.landkreis)

    def test_matrix_follows_the_start_date_and_keeps_decided_consents(self):
        early, _signatory = self.create_traeger("Stadt Früh")
        self.create_active_membership(early, "2019-01-01", 500.0)
        town, _signatory = self.create_traeger("Stadt Teststadt")
        candidate = self.Membership.create({"partner_id": town.id, "date_start": "2021-01-01"})
        self.give_consent(candidate, self.landkreis)

        candidate.date_start = "2018-01-01"  # before Stadt Früh joined
        self.assertEqual(self.consenting(candidate), self.landkreis | self.schwerin)
        self.assertEqual(candidate.consent_ids.filtered(
            lambda consent: consent.partner_id == self.landkreis).state, "given")

    def test_a_new_traeger_must_consent_to_later_joinings(self):
        town, mayor = self.create_traeger("Stadt Teststadt")
        joining = self.Membership.create({
            "partner_id": town.id, "date_start": "2021-01-01", "capital_amount": 500.0,
            "capital_paid_without_invoice": True,
            "resolution_id": self.create_resolution(town, "SV/2020/001").id,
            "statute_version_id": self.statute.id, "contract_version_id": self.contract.id,
            "contract_signed_on": "2020-12-10", "signed_by_id": mayor.id})
        neighbour, _signatory = self.create_traeger("Stadt Nachbar")
        later = self.Membership.create({"partner_id": neighbour.id, "date_start": "2022-01-01"})
        self.assertEqual(self.consenting(later), self.landkreis | self.schwerin)

        self.give_consent(joining, self.landkreis)
        self.give_consent(joining, self.schwerin)
        joining.action_resolve()
        joining.action_contract()
        joining.action_activate()

        self.assertEqual(self.consenting(later), self.landkreis | self.schwerin | town)

    def test_consent_needs_the_consenting_traegers_resolution(self):
        town, _signatory = self.create_traeger("Stadt Teststadt")
        candidate = self.Membership.create({"partner_id": town.id, "date_start": "2021-01-01"})
        consent = candidate.consent_ids.filtered(lambda c: c.partner_id == self.landkreis)
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            consent.action_give()
        self.assertIn("braucht den Beschluss", refusal.exception.name)
        self.assertEqual(consent.state, "pending")
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            consent.write({"resolution_id": self.founding_schwerin.id})
        self.assertIn("nicht vom zustimmenden Träger Landkreis Ludwigslust-Parchim",
                      refusal.exception.name)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.env["ksm.consent"].create({"membership_id": candidate.id,
                                            "partner_id": town.id})
