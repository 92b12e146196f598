"""Lines created in one batch are the lines ``create`` makes one by one.

Compared column by column as stored (every column of the table, whatever module added
it, and every many2many relation), not field by field: what the batch does not write,
or writes differently from the ORM, shows up here.
"""
from odoo.exceptions import ValidationError

from ..tools.batch_create import create_batch
from .invoice_run_common import StoredRowsCase


class TestBatchCreate(StoredRowsCase):

    def _invoice(self):
        return self.env["account.invoice"].create({
            "partner_id": self.traeger.id, "type": "out_invoice",
            "date_invoice": "2025-01-15"})

    def _line_values(self, invoice):
        account = self.env["account.account"].search([
            ("code", "=", "8200"), ("company_id", "=", self.company.id)])
        return [{
            "invoice_id": invoice.id, "product_id": product.id, "name": product.name,
            "quantity": quantity, "uom_id": product.uom_id.id, "price_unit": price,
            "account_id": account.id, "invoice_line_tax_ids": [(6, 0, taxes.ids)],
            "start_date": "2025-01-01", "end_date": "2025-03-31",
        } for product, quantity, price, taxes in (
            (self.svc_workplace, 10, 1140.0, self.tax_o),
            (self.svc_server, 3, 83.33, self.tax_19),
            (self.svc_maintenance, 1, 1095.0, self.tax_o))]

    def test_batch_lines_equal_lines_created_one_by_one(self):
        one_by_one, batch = self._invoice(), self._invoice()
        expected = self.env["account.invoice.line"]
        for values in self._line_values(one_by_one):
            expected |= expected.create(values)
        created = create_batch(self.env["account.invoice.line"], self._line_values(batch))
        self.assertEqual(len(created), 3)
        self.assertEqual(batch.invoice_line_ids, created)  # the invoice sees its lines
        # every column (create_date and write_date too: now() is the transaction's
        # start) but the id and the invoice
        self.assertSameRows(created, expected, ignore=("id", "invoice_id"))
        self.assertEqual(created.mapped("invoice_line_tax_ids"), self.tax_o | self.tax_19)
        # the tax lines as the run makes them (one batch from get_taxes_values) and as
        # compute_taxes makes them
        one_by_one.compute_taxes()
        create_batch(self.env["account.invoice.tax"],
                     list(batch.get_taxes_values().values()))
        self.assertSameRows(batch.tax_line_ids, one_by_one.tax_line_ids,
                            ignore=("id", "invoice_id"))
        # and the invoices themselves, with their amounts and tax totals (each invoice
        # has a random access token of its own)
        self.assertSameRows(batch, one_by_one, ignore=("id", "access_token"))
        self.assertEqual(batch.amount_tax, 47.50)  # 19 % of 249,99

    def test_batch_checks_constraints(self):
        values = self._line_values(self._invoice())
        values[1]["end_date"] = "2024-12-31"
        with self.assertRaises(ValidationError):
            create_batch(self.env["account.invoice.line"], values)

    def test_models_with_their_own_create_get_it(self):
        # a sheet line takes its price from the catalogue in its create: not skipped
        sheet = self._create_sheet(2025)
        lines = create_batch(self.env["ksm.service.sheet.line"], [
            {"sheet_id": sheet.id, "product_id": self.svc_workplace.id, "quantity": 2}])
        self.assertEqual((lines.price_unit, lines.subtotal), (1140.0, 2280.0))
