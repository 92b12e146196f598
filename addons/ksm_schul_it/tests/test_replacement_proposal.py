from odoo.exceptions import UserError

from .common import SchoolSheetCase


class TestReplacementProposal(SchoolSheetCase):
    """"Propose in next year's sheet" of the replacement planning on 1 January 2022."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seven_years_old = cls._device("Notebook 7 Jahre", cls.school, "2014-10-01",
                                          value=899.10)
        cls.three_years_old = cls._device("Notebook 3 Jahre", cls.school, "2018-10-01",
                                          value=1049.0)
        (cls.seven_years_old | cls.three_years_old | cls.device).write(
            {"replacement_product_id": cls.pc_replacement.id})
        cls.admin_pc = cls.env["ksm.device"].create({
            "name": "PC Kämmerei", "partner_id": cls.traeger.id, "kind": "pc",
            "purchase_date": "2015-06-01", "purchase_value": 749.20})
        cls.Sheet = cls.env["ksm.service.sheet"]

    def _propose(self, **values):
        values.setdefault("reference_date", "2022-01-01")
        values.setdefault("partner_id", self.traeger.id)
        plan = self.env["ksm.replacement.plan"].create(values)
        plan.action_propose_replacements()
        return plan

    def _sheet_2022(self, scope="school_it"):
        return self.Sheet._find_current(self.traeger, 2022, scope)

    def _proposed(self, sheet):
        return sheet.line_ids.mapped("ksm_device_ids")

    def test_seven_year_old_notebook_proposed_three_year_old_not(self):
        plan = self._propose(school_id=self.school.id)
        self.assertEqual(plan.sheet_year, 2022)
        sheet = self._sheet_2022()
        self.assertEqual((sheet.state, sheet.scope), ("draft", "school_it"))
        self.assertIn(self.seven_years_old, self._proposed(sheet))
        self.assertNotIn(self.three_years_old, self._proposed(sheet))
        line = sheet.line_ids.filtered(lambda l: self.seven_years_old in l.ksm_device_ids)
        self.assertEqual(line.ksm_device_ids, self.seven_years_old | self.device)
        self.assertEqual(line.product_id, self.pc_replacement)
        self.assertEqual(line.ksm_school_id, self.school)
        self.assertEqual(line.quantity, 2)
        self.assertEqual(line.price_unit, 1004.5, "the catalogue price of 2022")
        self.assertEqual(line.budget_type, "investment")
        self.assertEqual(line.subtotal, 2009.0)
        self.assertEqual(self.seven_years_old.ksm_sheet_line_ids, line)
        self.assertEqual(self.seven_years_old.ksm_replacement_sheet_ids, sheet)
        self.assertFalse(self._sheet_2022("administration"),
                         "only the school was planned")

    def test_school_devices_to_school_it_sheet_office_devices_to_administration(self):
        self._propose()
        school_sheet, office_sheet = self._sheet_2022(), self._sheet_2022("administration")
        self.assertEqual(self._proposed(school_sheet), self.device | self.seven_years_old)
        self.assertEqual(self._proposed(office_sheet), self.admin_pc)
        office_line = office_sheet.line_ids
        self.assertEqual(office_line.product_id, self.replacement,
                         "without a service of its own: the company's default")
        self.assertEqual(office_line.price_unit, 749.2, "its replacement cost")
        self.assertFalse(office_line.ksm_school_id)

    def test_one_line_per_school(self):
        second = self._device("Notebook alt", self.second_school, "2013-01-01")
        second.replacement_product_id = self.pc_replacement
        self._propose()
        lines = self._sheet_2022().line_ids
        self.assertEqual(len(lines), 2)
        self.assertEqual(lines.filtered(lambda l: l.ksm_school_id == self.second_school)
                         .ksm_device_ids, second)

    def test_proposing_twice_adds_nothing_twice(self):
        self._propose()
        sheet = self._sheet_2022()
        lines = [(line.id, line.quantity) for line in sheet.line_ids]
        total = sheet.amount_total
        self._propose()
        self.assertEqual([(line.id, line.quantity) for line in sheet.line_ids], lines)
        self.assertEqual(sheet.amount_total, total)
        self.assertEqual(len(self.Sheet.search([("partner_id", "=", self.traeger.id),
                                                ("year", "=", 2022)])), 2)

    def test_a_device_due_later_joins_its_line(self):
        self._propose()
        line = self._sheet_2022().line_ids
        self._propose(reference_date="2022-10-02")
        self.assertEqual(line.quantity, 2, "the 3-year-old notebook is not due yet")
        self.three_years_old.purchase_date = "2015-09-01"
        self._propose()
        self.assertEqual(line.quantity, 3)
        self.assertIn(self.three_years_old, line.ksm_device_ids)

    def test_refused_when_next_years_sheet_is_no_longer_a_draft(self):
        sheet = self._sheet(2022, [(self.care, {"quantity": 30})])
        sheet.action_submit()
        with self.assertRaisesRegex(UserError, sheet.name), self.cr.savepoint():
            self._propose()
        sheet.invalidate_cache()
        self.assertEqual(len(sheet.line_ids), 1, "nothing was added")
        self.assertFalse(self._sheet_2022("administration"),
                         "nor was the administration's sheet created")

    def test_devices_planned_in_an_earlier_year_are_not_proposed_again(self):
        self._propose()
        later = self._device("Notebook 2016", self.school, "2016-06-01")
        later.replacement_product_id = self.pc_replacement
        self.env["ksm.service.price"].create({
            "product_tmpl_id": self.pc_replacement.product_tmpl_id.id, "year": 2023,
            "price": 1030.0})
        self._propose(reference_date="2023-01-01", school_id=self.school.id)
        sheet_2023 = self.Sheet._find_current(self.traeger, 2023, "school_it")
        self.assertEqual(self._proposed(sheet_2023), later)
        self.assertEqual(sheet_2023.line_ids.price_unit, 1030.0)
        with self.assertRaisesRegex(UserError, "früherer Jahre"), self.cr.savepoint():
            self._propose(reference_date="2024-01-01", school_id=self.school.id)

    def test_new_draft_continues_the_year_before(self):
        previous = self._sheet(2021, [(self.care, {"quantity": 30,
                                                   "ksm_school_id": self.school.id})])
        self._propose(school_id=self.school.id)
        sheet = self._sheet_2022()
        self.assertEqual(sheet.previous_revision_id, self.Sheet)
        care = sheet.line_ids.filtered(lambda line: line.product_id == self.care)
        self.assertEqual((care.quantity, care.price_unit, care.ksm_school_id),
                         (30, 102.5, self.school), "copied with the prices of 2022")
        self.assertEqual(self._proposed(sheet), self.device | self.seven_years_old)
        self.assertTrue(previous.exists())

    def test_replacements_are_not_copied_to_the_year_after(self):
        self.env["ksm.service.price"].create({
            "product_tmpl_id": self.pc_replacement.product_tmpl_id.id, "year": 2023,
            "price": 1030.0})
        self._propose()
        sheet = self._sheet_2022()
        sheet.action_copy_to_next_year()
        self.assertFalse(self.Sheet._find_current(self.traeger, 2023, "school_it").line_ids)

    def test_price_falls_back_to_the_replacement_cost(self):
        self.pc_replacement.ksm_price_ids.filtered(lambda p: p.year == 2022).unlink()
        self._propose(school_id=self.school.id)
        prices = sorted(self._sheet_2022().line_ids.mapped("price_unit"))
        # without a 2022 price: each device's replacement cost (latest catalogue price)
        self.assertEqual(prices, [980.0])
        self.assertEqual(self._sheet_2022().line_ids.quantity, 2)

    def test_refused_without_a_replacement_service(self):
        self.company.ksm_device_replacement_product_id = False
        with self.assertRaisesRegex(UserError, "PC Kämmerei"), self.cr.savepoint():
            self._propose()
        self.assertFalse(self._sheet_2022())

    def test_refused_when_nothing_is_due(self):
        with self.assertRaises(UserError), self.cr.savepoint():
            self._propose(reference_date="2016-01-01")
