from odoo.tests.common import TransactionCase


class TestDemoData(TransactionCase):
    """What `make run` shows: Lübtheen's sheets with the figures of its council resolution."""

    def test_luebtheen_sheets_and_migration(self):
        sheet_2021 = self.env.ref("ksm_services.sheet_luebtheen_2021")
        sheet_2022 = self.env.ref("ksm_services.sheet_luebtheen_2022")
        migration = self.env.ref("ksm_services.onetime_cost_luebtheen_migration")
        self.assertEqual(sheet_2021.amount_total, 41640.0)
        self.assertEqual(sheet_2021.state, "active")
        self.assertEqual(sheet_2022.state, "resolved")  # to be accepted in the portal
        self.assertEqual(migration.amount_total, 53280.0)
        for sheet in (sheet_2021, sheet_2022):
            line = sheet.line_ids.filtered(lambda line: line.onetime_cost_id == migration)
            self.assertEqual(line.subtotal, 26640.0)
        self.assertTrue(sheet_2022.line_ids.filtered(
            lambda line: line.category == "application_maintenance"))
        self.assertTrue(self.env.ref("ksm_membership.user_luebtheen").ksm_role_signatory)
