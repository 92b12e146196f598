from odoo.exceptions import AccessError

from odoo.addons.ksm_base.tests.common import TraegerStaffCase


class TestInvoiceRoles(TraegerStaffCase):
    """Invoices in the portal are for the finance and signatory contacts of a Träger."""

    def _visible(self, user, record):
        return record.sudo(user).search([("id", "=", record.id)])

    def _invoice(self, partner):
        account = self.env["account.account"].search(
            [("internal_type", "=", "other")], limit=1)
        invoice = self.env["account.invoice"].create({
            "partner_id": partner.id, "type": "out_invoice",
            "invoice_line_ids": [(0, 0, {"name": "Projektbegleitung", "quantity": 1,
                                         "price_unit": 780.0, "account_id": account.id})]})
        invoice.message_subscribe(partner_ids=partner.ids)
        return invoice

    def test_invoices_for_finance_and_signatory_only(self):
        invoice = self._invoice(self.traeger)
        for user in (self.treasurer, self.mayor):
            self.assertEqual(self._visible(user, invoice), invoice)
            self.assertEqual(self._visible(user, invoice.invoice_line_ids),
                             invoice.invoice_line_ids)
        for user in (self.clerk, self.teacher, self.stranger):
            self.assertFalse(self._visible(user, invoice))
            self.assertFalse(self._visible(user, invoice.invoice_line_ids))
        with self.assertRaises(AccessError):
            invoice.sudo(self.clerk).read(["number"])

    def test_a_new_role_applies_at_once(self):
        invoice = self._invoice(self.traeger)
        self.assertFalse(self._visible(self.clerk, invoice))
        self.clerk.partner_id.ksm_role_finance = True
        self.assertEqual(self._visible(self.clerk, invoice), invoice)
        self.clerk.partner_id.ksm_role_finance = False
        self.assertFalse(self._visible(self.clerk, invoice))
