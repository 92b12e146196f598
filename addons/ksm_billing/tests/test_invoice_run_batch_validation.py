"""The run's validation stores what Odoo's own validation stores.

The run validates its invoices with the lines and the analytic lines of each journal
entry created in one batch each (``models/account_move.py``). Two equal drafts are
validated, one Odoo's way and one the run's way, and everything validation writes is
compared column by column as stored: the invoice, the entry, its lines, the analytic
lines, the XRechnung attachment and the messages; only what must differ (ids, the
number, the ids and names derived from them) is left out.
"""
import base64
from unittest import mock

from odoo.addons.account.models.account_move import AccountMoveLine
from odoo.addons.hr_timesheet.models.hr_timesheet import AccountAnalyticLine

from ..models.account_move import BATCH_VALIDATION
from ..models.ksm_invoice_run import QUIET_CONTEXT
from .invoice_run_common import YEAR, StoredRowsCase


class TestBatchValidation(StoredRowsCase):
    maxDiff = None

    def _twin_drafts(self):
        """Two equal drafts of each invoice of the Träger's January, made as the run
        makes them: (invoices, their twins)."""
        self._make_taxable("operation")  # an invoice with a tax line too
        self._standard_sheet()
        run = self.Run._find_or_create(self.company, "month", YEAR, 1, "%d-01-01" % YEAR,
                                       True)
        partner_line = self.env["ksm.invoice.run.partner"].create({
            "run_id": run.id, "partner_id": self.traeger.id})
        run = run.with_context(QUIET_CONTEXT, force_company=self.company.id)
        due = run._collect_due_items(self.traeger)[self.traeger]
        setup = run._prepare_invoicing_setup()
        invoices = twins = self.env["account.invoice"]
        for (sheet, taxable), items in run._group_due_items(due, setup).items():
            values, line_values = run._prepare_invoice(partner_line, sheet, taxable, items,
                                                       setup)
            invoices |= run._create_invoice_with_lines(values, line_values)[0]
            twins |= run._create_invoice_with_lines(values, line_values)[0]
        self.assertEqual(len(invoices), 2)
        return invoices.with_env(run.env), twins.with_env(run.env)

    def test_batch_validation_stores_what_odoo_stores(self):
        theirs, mine = self._twin_drafts()
        theirs.action_invoice_open()
        # the batches do not fall back to creating the lines one by one
        refused = AssertionError("created one by one")
        with mock.patch.object(AccountMoveLine, "create", side_effect=refused), \
                mock.patch.object(AccountAnalyticLine, "create", side_effect=refused):
            mine.with_context(**{BATCH_VALIDATION: True}).action_invoice_open()
        self.assertTrue(mine.mapped("move_id.line_ids.tax_line_id"))  # a tax item too
        for my_invoice, their_invoice in zip(mine, theirs):
            self._assert_same_validation(my_invoice, their_invoice)

    def _assert_same_validation(self, mine, theirs):
        self.assertEqual(mine.state, "open")
        self.assertNotEqual(mine.number, theirs.number)
        self.assertSameRows(mine, theirs, ignore=(
            "id", "number", "move_name", "move_id", "access_token",
            "xrechnung_attachment_id"))
        self.assertSameRows(mine.invoice_line_ids, theirs.invoice_line_ids,
                            ignore=("id", "invoice_id"))
        self.assertSameRows(mine.move_id, theirs.move_id, ignore=("id", "name"))
        self.assertSameRows(mine.move_id.line_ids, theirs.move_id.line_ids,
                            ignore=("id", "move_id", "invoice_id"))
        my_analytic = mine.move_id.line_ids.mapped("analytic_line_ids")
        self.assertEqual(len(my_analytic), len(mine.invoice_line_ids))
        self.assertSameRows(my_analytic, theirs.move_id.line_ids.mapped("analytic_line_ids"),
                            ignore=("id", "move_id"))
        # the XRechnung: the same file but for the number
        my_file, their_file = mine.xrechnung_attachment_id, theirs.xrechnung_attachment_id
        self.assertEqual(
            base64.b64decode(my_file.datas),
            base64.b64decode(their_file.datas).replace(theirs.number.encode(),
                                                       mine.number.encode()))
        self.assertSameRows(my_file, their_file, ignore=(
            "id", "name", "datas_fname", "res_id", "res_name", "store_fname", "checksum",
            "index_content"))
        for name in ("name", "datas_fname", "res_name"):
            self.assertEqual(my_file[name],
                             their_file[name].replace(theirs.number, mine.number))
        messages = [(message.message_type, message.subtype_id, message.body)
                    for message in theirs.message_ids]
        self.assertEqual([(message.message_type, message.subtype_id,
                           message.body.replace(mine.number, theirs.number))
                          for message in mine.message_ids], messages)
        self.assertEqual(mine.message_partner_ids, theirs.message_partner_ids)
