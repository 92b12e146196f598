from odoo.exceptions import UserError, ValidationError

from .common import KsmServicesCase


class TestOnetimeCost(KsmServicesCase):

    def test_migration_appears_half_in_2021_and_half_in_2022(self):
        sheet_2021, migration = self._create_luebtheen_2021()
        self.assertEqual([(share.year, share.amount) for share in migration.share_ids],
                         [(2021, 26640.0), (2022, 26640.0)])
        sheet_2022 = self.Sheet._find_current(self.traeger, 2022, "administration")
        self.assertEqual(sheet_2022.state, "draft")  # created for the share
        for sheet, year in ((sheet_2021, 2021), (sheet_2022, 2022)):
            line = sheet.line_ids.filtered(lambda line: line.onetime_cost_id == migration)
            self.assertEqual(line.subtotal, 26640.0)
            self.assertEqual(line.onetime_share_id.year, year)
            self.assertEqual((line.category, line.budget_type, line.billing_rhythm),
                             ("project", "expense", "once"))
        self.assertEqual(migration.sheet_count, 2)
        self.assertEqual(sum(migration.sheet_line_ids.mapped("subtotal")), 53280.0)

    def test_putting_it_again_changes_nothing(self):
        sheet, migration = self._create_luebtheen_2021()
        migration.action_apply_to_sheets()
        self.assertEqual(len(migration.sheet_line_ids), 2)
        self.assertEqual(sheet.amount_total, 41640.0)

    def test_split_evenly_is_exact_to_the_cent(self):
        cost = self._create_migration(amount=100.0, year_count=3)
        self.assertEqual(cost.share_ids.mapped("amount"), [33.34, 33.33, 33.33])
        self.assertEqual(cost.amount_allocated, 100.0)
        cost.write({"amount_total": 1000.01, "year_count": 2, "year_from": 2022})
        self.assertEqual([(share.year, share.amount) for share in cost.share_ids],
                         [(2022, 500.01), (2023, 500.0)])  # the shares follow

    def test_shares_must_add_up_to_the_total(self):
        cost = self._create_migration()
        first, second = cost.share_ids
        with self.assertRaisesRegex(ValidationError, "Migration IT-Betrieb"), \
                self.cr.savepoint():
            cost.write({"share_ids": [(1, first.id, {"amount": 30000.0})]})
        cost.invalidate_cache()
        self.assertEqual(first.amount, 26640.0)
        cost.write({"share_ids": [(1, first.id, {"amount": 30000.0}),
                                  (1, second.id, {"amount": 23280.0})]})
        self.assertEqual(cost.amount_allocated, 53280.0)

    def test_editing_a_share_updates_its_draft_line(self):
        sheet, cost = self._create_luebtheen_2021()
        first, second = cost.share_ids
        cost.write({"share_ids": [(1, first.id, {"amount": 30000.0}),
                                  (1, second.id, {"amount": 23280.0})]})
        self.assertEqual(sheet.amount_total, 45000.0)
        self.assertEqual(second.line_ids.subtotal, 23280.0)

    def test_a_share_in_a_submitted_sheet_is_not_changed_behind_its_back(self):
        sheet, cost = self._create_luebtheen_2021()
        self._bring_to(sheet, "submitted")
        first, second = cost.share_ids
        with self.assertRaisesRegex(UserError, sheet.name), self.cr.savepoint():
            cost.write({"share_ids": [(1, first.id, {"amount": 30000.0}),
                                      (1, second.id, {"amount": 23280.0})]})
        cost.invalidate_cache()
        self.assertEqual(cost.share_ids.mapped("amount"), [26640.0, 26640.0])
        self.assertEqual(sheet.amount_total, 41640.0)
        with self.assertRaisesRegex(UserError, sheet.name), self.cr.savepoint():
            cost.unlink()
        self.assertTrue(cost.exists())

    def test_a_sheet_that_left_draft_is_not_filled_behind_its_back(self):
        sheet = self._create_sheet(2021, [(self.order_budget, {"price_unit": 10000.0})])
        self._bring_to(sheet, "submitted")
        cost = self._create_migration()
        with self.assertRaisesRegex(UserError, sheet.name), self.cr.savepoint():
            cost.action_apply_to_sheets()
        self.assertEqual(sheet.amount_total, 10000.0)
        self.assertFalse(cost.sheet_line_ids)

    def test_moving_or_deleting_a_share_takes_its_draft_line_along(self):
        sheet, cost = self._create_luebtheen_2021()
        cost.write({"year_from": 2022, "year_count": 2})  # now 2022 and 2023
        self.assertEqual(cost.share_ids.mapped("year"), [2022, 2023])
        self.assertEqual(sheet.amount_total, 15000.0)  # 2021 lost its share
        cost.action_apply_to_sheets()
        self.assertEqual(sorted(cost.sheet_line_ids.mapped("year")), [2022, 2023])

    def test_new_cost_is_split_evenly_from_the_start(self):
        cost = self.Cost.create({
            "name": "Umzug Rechenzentrum", "partner_id": self.traeger.id,
            "product_id": self.migration.id, "amount_total": 1000.0, "year_from": 2023,
            "year_count": 4})
        self.assertEqual([(share.year, share.amount) for share in cost.share_ids],
                         [(2023, 250.0), (2024, 250.0), (2025, 250.0), (2026, 250.0)])
        first, second = cost.share_ids[:2]
        cost.write({"share_ids": [(1, first.id, {"amount": 400.0}),
                                  (1, second.id, {"amount": 100.0})]})  # by hand
        cost.action_split_evenly()  # back to even
        self.assertEqual(cost.share_ids.mapped("amount"), [250.0] * 4)

    def test_put_needs_shares_and_a_positive_total(self):
        cost = self.Cost.create({
            "name": "Umzug Rechenzentrum", "partner_id": self.traeger.id,
            "product_id": self.migration.id, "amount_total": 1000.0})
        cost.share_ids.unlink()
        with self.assertRaisesRegex(UserError, "Umzug Rechenzentrum"):
            cost.action_apply_to_sheets()
        with self.assertRaises(ValidationError), self.cr.savepoint():
            cost.amount_total = 0.0

    def test_traeger_is_fixed_once_in_a_sheet(self):
        __, cost = self._create_luebtheen_2021()
        with self.assertRaisesRegex(UserError, "Migration IT-Betrieb"):
            cost.partner_id = self.other_traeger
