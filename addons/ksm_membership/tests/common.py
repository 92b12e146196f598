import itertools

from odoo.tests.common import SavepointCase


class KsmMembershipCase(SavepointCase):
    """A Träger landscape of its own: the demo memberships are removed (inside the
    test's savepoint), the founders are active since 01.10.2013, and every test works
    as a KSM staff member in German, as the users do."""

    resolution_numbers = itertools.count(1)

    @classmethod
    def setUpClass(cls):
        super(KsmMembershipCase, cls).setUpClass()
        cls.env["ksm.membership"].search([]).unlink()
        cls.staff = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Karla Staff",
            "login": "ksm-test-staff",
            "email": "staff@ksm.example",
            "lang": "de_DE",
            "groups_id": [(6, 0, [cls.env.ref("ksm_base.group_ksm_user").id,
                                  cls.env.ref("account.group_account_invoice").id])],
        })
        cls.env = cls.env(user=cls.staff, context=dict(cls.env.context, lang="de_DE"))
        cls.Membership = cls.env["ksm.membership"]
        cls.Resolution = cls.env["ksm.resolution"]
        cls.landkreis = cls.env.ref("ksm_membership.partner_ludwigslust_parchim")
        cls.schwerin = cls.env.ref("ksm_membership.partner_schwerin")
        cls.statute = cls.env.ref("ksm_membership.document_statute_2021")
        cls.contract = cls.env.ref("ksm_membership.document_contract_2021")
        cls.founding_landkreis = cls.env.ref(
            "ksm_membership.resolution_ludwigslust_parchim_founding")
        cls.founding_schwerin = cls.env.ref("ksm_membership.resolution_schwerin_founding")
        cls.founder_landkreis = cls.create_active_membership(
            cls.landkreis, "2013-10-01", 30000.0)
        cls.founder_schwerin = cls.create_active_membership(
            cls.schwerin, "2013-10-01", 20000.0)

    @classmethod
    def create_traeger(cls, name, kind="stadt", body="stadtvertretung"):
        traeger = cls.env["res.partner"].create({
            "name": name, "is_company": True, "ksm_is_traeger": True,
            "ksm_traeger_kind": kind, "ksm_council_body": body})
        # roles are given by KSM's managers
        signatory = cls.env["res.partner"].sudo().create({
            "name": "Bürgermeister/in von %s" % name, "parent_id": traeger.id,
            "ksm_role_signatory": True}).sudo(cls.env.uid)
        return traeger, signatory

    @classmethod
    def create_resolution(cls, traeger, number, subject="Beitritt zur KSM AöR",
                          date="2020-10-15"):
        return cls.Resolution.create({
            "partner_id": traeger.id, "body": traeger.ksm_council_body or "stadtvertretung",
            "name": number, "date": date, "subject": subject})

    @classmethod
    def create_active_membership(cls, traeger, date_start, capital):
        """An active membership as it is recorded for Träger that joined before Odoo."""
        membership = cls.Membership.sudo()._without_state_guard().create({
            "partner_id": traeger.id, "date_start": date_start, "state": "active",
            "capital_amount": capital, "capital_paid_without_invoice": True,
        })
        return cls.Membership.browse(membership.id)  # guarded again

    def give_consent(self, membership, partner, resolution=None, state="given"):
        consent = membership.consent_ids.filtered(lambda c: c.partner_id == partner)
        consent.write({
            "resolution_id": (resolution or self.create_resolution(
                partner, "Z/%d" % next(self.resolution_numbers),
                "Zustimmung zum Beitritt")).id})
        consent._decide(state)
        return consent

    def pay(self, invoice):
        invoice.sudo().action_invoice_open()
        journal = self.env["account.journal"].sudo().search([("type", "=", "bank")], limit=1)
        invoice.sudo().pay_and_reconcile(journal, invoice.amount_total)
