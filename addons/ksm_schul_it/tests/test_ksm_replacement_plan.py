from .common import SchoolCase


class TestKsmReplacementPlan(SchoolCase):
    """Replacement planning for the sheet of 2022 (reference date 1 January 2022)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.seven_years_old = cls._device("Notebook 7 Jahre", cls.school, "2014-10-01",
                                          value=899.10)
        cls.three_years_old = cls._device("Notebook 3 Jahre", cls.school, "2018-10-01",
                                          value=1049.0)
        cls.admin_pc = cls.env["ksm.device"].create({
            "name": "PC Kämmerei", "partner_id": cls.traeger.id, "kind": "pc",
            "purchase_date": "2015-06-01", "purchase_value": 749.20})

    def _plan(self, **values):
        values.setdefault("reference_date", "2022-01-01")
        values.setdefault("partner_id", self.traeger.id)
        return self.env["ksm.replacement.plan"].create(values)

    def test_seven_year_old_notebook_is_proposed_three_year_old_is_not(self):
        plan = self._plan(school_id=self.school.id)
        self.assertIn(self.seven_years_old, plan.device_ids)
        self.assertNotIn(self.three_years_old, plan.device_ids)
        self.assertEqual(plan.device_ids, self.device | self.seven_years_old)

    def test_groups_per_traeger_and_school_with_sums(self):
        plan = self._plan()
        self.assertEqual(plan.device_count, 3)
        self.assertAlmostEqual(plan.amount_total, 2648.30, places=2, msg=
                         "1.000,00 + 899,10 + 749,20 €, exact to the cent")
        groups = plan._prepare_groups()
        self.assertEqual([(g["partner"], g["school"]) for g in groups],
                         [(self.traeger, self.env["ksm.school"]),
                          (self.traeger, self.school)],
                         "the administration first, then each school")
        administration, school = groups
        self.assertEqual([line["device"] for line in administration["lines"]],
                         [self.admin_pc])
        self.assertAlmostEqual(administration["amount"], 749.20, places=2)
        self.assertEqual([(line["device"], line["age"]) for line in school["lines"]],
                         [(self.seven_years_old, 7), (self.device, 6)])
        self.assertAlmostEqual(school["amount"], 1899.10, places=2)

    def test_other_traeger_not_planned(self):
        old_foreign = self._device("Alter PC", self.foreign_school, "2010-01-01")
        self.assertNotIn(old_foreign, self._plan().device_ids)
        self.assertIn(old_foreign, self._plan(partner_id=False).device_ids)

    def test_default_reference_date_is_next_first_of_january(self):
        plan = self.env["ksm.replacement.plan"].create({})
        self.assertEqual(plan.reference_date[5:], "01-01")
        self.assertEqual(plan.replacement_years, 6)

    def test_report_lists_the_due_devices(self):
        plan = self._plan()
        html = self.env.ref("ksm_schul_it.action_report_replacement_plan").with_context(
            lang="de_DE").render_qweb_html(plan.ids)[0].decode()
        self.assertIn("Notebook 7 Jahre", html)
        self.assertIn("PC Kämmerei", html)
        self.assertNotIn("Notebook 3 Jahre", html)
        self.assertIn("2.648,30", html)
        self.assertIn("01.01.2022", html)

    def test_open_devices_shows_the_plan(self):
        plan = self._plan()
        action = plan.action_view_devices()
        self.assertEqual(self.env["ksm.device"].search(action["domain"]), plan.device_ids)
