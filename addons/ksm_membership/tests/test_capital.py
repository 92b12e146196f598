from odoo.exceptions import UserError

from .common import KsmMembershipCase


class TestCapital(KsmMembershipCase):
    """Capital contributions: invoiced from the membership, paid state from the
    invoice, shares of all active Träger adding up to exactly 100 %."""

    @classmethod
    def setUpClass(cls):
        super(TestCapital, cls).setUpClass()
        cls.town, _signatory = cls.create_traeger("Stadt Teststadt")
        cls.membership = cls.Membership.create({
            "partner_id": cls.town.id, "date_start": "2021-01-01", "capital_amount": 500.0})

    def active_shares(self):
        return self.Membership.search([("state", "=", "active")]).mapped("capital_share")

    def test_shares_of_the_active_traeger_add_up_to_100_percent(self):
        self.membership.sudo().unlink()
        town = self.create_active_membership(self.town, "2021-01-01", 500.0)
        # 30.000 + 20.000 + 500 = 50.500 €: 59,406 / 39,604 / 0,990 %
        self.assertAlmostEqual(self.founder_landkreis.capital_share, 59.41, places=2)
        self.assertAlmostEqual(self.founder_schwerin.capital_share, 39.60, places=2)
        self.assertAlmostEqual(town.capital_share, 0.99, places=2)
        self.assertEqual(sum(round(share * 100) for share in self.active_shares()), 10000)
        self.assertEqual(town.voting_weight, town.capital_share)

    def test_only_active_memberships_hold_shares(self):
        self.assertEqual(self.membership.capital_share, 0.0)
        self.assertAlmostEqual(self.founder_landkreis.capital_share, 60.0, places=2)
        self.assertAlmostEqual(self.founder_schwerin.capital_share, 40.0, places=2)

    def test_equal_contributions_the_earlier_member_gets_the_odd_hundredth(self):
        self.founder_landkreis.sudo().capital_amount = 20000.0
        self.membership.sudo().unlink()
        third = self.create_active_membership(self.town, "2021-01-01", 20000.0)
        self.assertAlmostEqual(self.founder_landkreis.capital_share, 33.34, places=2)
        self.assertAlmostEqual(self.founder_schwerin.capital_share, 33.33, places=2)
        self.assertAlmostEqual(third.capital_share, 33.33, places=2)

    def test_capital_invoice_from_the_membership(self):
        action = self.membership.action_create_capital_invoice()
        invoice = self.membership.invoice_id
        self.assertEqual(action["res_id"], invoice.id)
        self.assertEqual(invoice.partner_id, self.town)
        self.assertEqual(invoice.type, "out_invoice")
        self.assertEqual(invoice.amount_total, 500.0)
        self.assertFalse(invoice.tax_line_ids, "a capital contribution bears no tax")
        self.assertEqual(invoice.invoice_line_ids.product_id,
                         self.env.ref("ksm_membership.product_capital_contribution"))
        self.assertIn("Stammkapitaleinlage", invoice.invoice_line_ids.name)
        self.assertIn("Stadt Teststadt", invoice.invoice_line_ids.name)
        self.assertFalse(self.membership.capital_paid)

        self.pay(invoice)
        self.assertEqual(invoice.state, "paid")
        self.assertTrue(self.membership.capital_paid)

    def test_capital_is_invoiced_once(self):
        self.membership.action_create_capital_invoice()
        with self.assertRaises(UserError) as refusal:
            self.membership.action_create_capital_invoice()
        self.assertIn("Die Stammkapitaleinlage von Stadt Teststadt ist bereits in Rechnung "
                      "gestellt", refusal.exception.name)
        first = self.membership.invoice_id
        first.sudo().action_invoice_cancel()
        self.assertFalse(self.membership.capital_paid)
        self.membership.action_create_capital_invoice()
        self.assertNotEqual(self.membership.invoice_id, first)

    def test_no_invoice_without_an_amount(self):
        self.membership.capital_amount = 0.0
        with self.assertRaises(UserError) as refusal:
            self.membership.action_create_capital_invoice()
        self.assertIn("Tragen Sie zuerst die Stammkapitaleinlage von Stadt Teststadt ein",
                      refusal.exception.name)
        self.assertFalse(self.membership.invoice_id)
