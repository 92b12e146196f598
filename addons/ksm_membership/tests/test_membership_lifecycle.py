from datetime import date, timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError

from .common import KsmMembershipCase


class TestMembershipLifecycle(KsmMembershipCase):
    """candidate → resolved → contracted → active → left, each step refused with the
    missing things named, in German."""

    @classmethod
    def setUpClass(cls):
        super(TestMembershipLifecycle, cls).setUpClass()
        cls.town, cls.mayor = cls.create_traeger("Stadt Teststadt")
        cls.membership = cls.Membership.create({
            "partner_id": cls.town.id, "date_start": "2021-01-01", "capital_amount": 500.0})

    def assertRefused(self, action, *expected):
        """``action`` raises a UserError that names every ``expected`` text, and the
        membership keeps its state."""
        state = self.membership.state
        with self.assertRaises(UserError) as refusal:
            action()
        message = refusal.exception.name
        for text in expected:
            self.assertIn(text, message)
        self.assertEqual(self.membership.state, state)
        return message

    def fulfil_contract(self):
        if not self.membership.resolution_id:
            self.membership.resolution_id = self.create_resolution(self.town, "SV/2020/001")
        self.membership.write({
            "statute_version_id": self.statute.id,
            "contract_version_id": self.contract.id,
            "contract_signed_on": "2020-12-10",
            "signed_by_id": self.mayor.id,
        })
        self.give_consent(self.membership, self.landkreis)
        self.give_consent(self.membership, self.schwerin)

    def test_candidate_can_only_be_resolved(self):
        needs_resolved = "dieser Schritt setzt „Beschlossen“ voraus"
        self.assertRefused(self.membership.action_contract, "Trägerschaft von Stadt Teststadt",
                           "„Kandidat“", needs_resolved)
        self.assertRefused(self.membership.action_activate,
                           "dieser Schritt setzt „Vertrag geschlossen“ voraus")
        self.assertRefused(self.membership.action_leave,
                           "dieser Schritt setzt „Aktiv“ voraus")
        self.assertRefused(self.membership.action_reset_to_candidate,
                           "dieser Schritt setzt „Beschlossen“ oder „Vertrag geschlossen“ "
                           "voraus")

    def test_resolving_needs_the_councils_resolution(self):
        self.assertRefused(self.membership.action_resolve,
                           "kann nicht „Beschlossen“ werden",
                           "Beschluss der Stadtvertretung fehlt")
        self.membership.resolution_id = self.create_resolution(self.town, "SV/2020/001")
        self.membership.action_resolve()
        self.assertEqual(self.membership.state, "resolved")

    def test_missing_resolution_is_named_after_the_council(self):
        amt, _signatory = self.create_traeger("Amt Testland", kind="amt", body="amtsausschuss")
        self.membership = self.Membership.create({
            "partner_id": amt.id, "date_start": "2021-01-01"})
        self.assertRefused(self.membership.action_resolve, "Beschluss des Amtsausschusses fehlt")

    def test_contract_needs_signed_oerv_statute_and_every_consent(self):
        self.membership.resolution_id = self.create_resolution(self.town, "SV/2020/001")
        self.membership.action_resolve()
        message = self.assertRefused(
            self.membership.action_contract,
            "kann nicht „Vertrag geschlossen“ werden",
            "ÖRV-Version nicht ausgewählt",
            "ÖRV nicht unterzeichnet",
            "Unterzeichner/in des ÖRV fehlt",
            "Satzung nicht angenommen",
            "Zustimmung von Landkreis Ludwigslust-Parchim fehlt",
            "Zustimmung von Landeshauptstadt Schwerin fehlt")
        self.assertNotIn("Stammkapital", message)

        self.fulfil_contract()
        self.membership.consent_ids.filtered(
            lambda consent: consent.partner_id == self.schwerin).action_reset()
        message = self.assertRefused(self.membership.action_contract,
                                     "Zustimmung von Landeshauptstadt Schwerin fehlt")
        self.assertNotIn("Ludwigslust-Parchim", message)
        self.assertNotIn("ÖRV", message)

        refusal = self.create_resolution(self.schwerin, "SV/2020/999", "Ablehnung des Beitritts")
        self.give_consent(self.membership, self.schwerin, refusal, state="refused")
        self.assertRefused(self.membership.action_contract,
                           "Landeshauptstadt Schwerin hat die Zustimmung verweigert "
                           "(Beschluss SV/2020/999)")

        self.give_consent(self.membership, self.schwerin)
        self.membership.action_contract()
        self.assertEqual(self.membership.state, "contracted")

    def test_activation_needs_paid_capital(self):
        self.fulfil_contract()
        self.membership.action_resolve()
        self.membership.action_contract()
        self.assertRefused(self.membership.action_activate, "Stammkapitaleinlage nicht gezahlt")

        self.membership.action_create_capital_invoice()
        self.assertRefused(self.membership.action_activate, "Stammkapitaleinlage nicht gezahlt")
        self.pay(self.membership.invoice_id)
        self.assertTrue(self.membership.capital_paid)
        self.membership.action_activate()
        self.assertEqual(self.membership.state, "active")

    def test_activation_needs_an_amount_and_the_start_date(self):
        start = date.today() + timedelta(days=30)
        self.membership.write({"date_start": fields.Date.to_string(start),
                               "capital_amount": 0.0})
        self.fulfil_contract()
        self.membership.action_resolve()
        self.membership.action_contract()
        self.assertRefused(
            self.membership.action_activate,
            "Stammkapitaleinlage nicht festgelegt",
            "Die Trägerschaft beginnt erst am %s" % start.strftime("%d.%m.%Y"))

    def test_leaving_needs_end_date_and_resolution(self):
        self.membership.sudo().unlink()
        self.membership = self.create_active_membership(self.town, "2021-01-01", 500.0)
        self.assertRefused(self.membership.action_leave,
                           "Austrittsdatum fehlt",
                           "Austrittsbeschluss der Stadtvertretung fehlt")
        self.membership.write({
            "date_end": "2025-12-31",
            "leave_resolution_id": self.create_resolution(
                self.town, "SV/2025/077", "Austritt aus der KSM AöR").id})
        self.membership.action_leave()
        self.assertEqual(self.membership.state, "left")
        self.assertEqual(self.town.ksm_membership_state, "left")
        self.assertRefused(self.membership.action_activate,
                           "dieser Schritt setzt „Vertrag geschlossen“ voraus")

    def test_back_to_candidate(self):
        self.membership.resolution_id = self.create_resolution(self.town, "SV/2020/001")
        self.membership.action_resolve()
        self.membership.action_reset_to_candidate()
        self.assertEqual(self.membership.state, "candidate")

    def test_state_changes_are_tracked_in_the_chatter(self):
        self.membership.resolution_id = self.create_resolution(self.town, "SV/2020/001")
        self.membership.action_resolve()
        tracked = self.membership.sudo().message_ids.mapped("tracking_value_ids").filtered(
            lambda value: value.field == "state" and value.new_value_char == "Beschlossen")
        self.assertEqual(tracked.mapped("old_value_char"), ["Kandidat"])

    def test_one_open_membership_per_traeger(self):
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            self.Membership.create({"partner_id": self.town.id, "date_start": "2022-01-01"})
        self.assertIn("Stadt Teststadt hat bereits eine offene Trägerschaft",
                      refusal.exception.name)

    def test_resolution_of_another_traeger_is_refused(self):
        with self.assertRaises(ValidationError) as refusal, self.cr.savepoint():
            self.membership.resolution_id = self.founding_schwerin
        self.assertIn("Beschluss SV/2013/0127 wurde von Landeshauptstadt Schwerin gefasst",
                      refusal.exception.name)

    def test_signatory_must_sign_for_the_traeger(self):
        _other_town, other_mayor = self.create_traeger("Stadt Anderswo")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.membership.signed_by_id = other_mayor

    def test_document_version_of_the_wrong_kind_is_refused(self):
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self.membership.statute_version_id = self.contract

    def test_cron_activates_on_the_start_date_when_nothing_is_missing(self):
        self.fulfil_contract()
        self.membership.action_resolve()
        self.membership.action_contract()
        self.env["ksm.membership"]._cron_activate_due_memberships()
        self.assertEqual(self.membership.state, "contracted", "capital is not paid yet")

        self.membership.action_create_capital_invoice()
        self.pay(self.membership.invoice_id)
        self.env["ksm.membership"]._cron_activate_due_memberships()
        self.assertEqual(self.membership.state, "active")
