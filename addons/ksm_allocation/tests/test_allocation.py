from odoo.exceptions import AccessError, UserError

from .allocation_common import AllocationCase


class TestAllocation(AllocationCase):

    def test_one_hundred_euros_over_three_equal_traeger(self):
        for traeger in (self.traeger_a, self.traeger_b, self.traeger_c):
            self._report(traeger, 10)
        pool = self._pool(100.00)
        pool.action_allocate()
        self.assertEqual(pool.state, "allocated")
        # the cent left over goes to the first Träger in key order (smallest id)
        self.assertEqual(self.shares(pool), {self.traeger_a: 33.34, self.traeger_b: 33.33,
                                             self.traeger_c: 33.33})
        self.assertEqual(pool.allocated_amount, 100.00)

    def test_shares_are_exact_to_the_cent_for_awkward_amounts(self):
        self._report(self.traeger_a, 1150)
        self._report(self.traeger_b, 1420)
        self._report(self.traeger_c, 42)
        pool = self._pool(412345.67)
        pool.action_allocate()
        cents = {partner: round(amount * 100) for partner, amount in self.shares(pool).items()}
        self.assertEqual(sum(cents.values()), 41234567)
        # each share within a cent of its exact share 41234567 * quantity / 2612
        for partner, quantity in ((self.traeger_a, 1150), (self.traeger_b, 1420),
                                  (self.traeger_c, 42)):
            self.assertLess(abs(cents[partner] * 2612 - 41234567 * quantity), 2612)
        line_c = pool.allocation_line_ids.filtered(lambda l: l.partner_id == self.traeger_c)
        self.assertEqual((line_c.quantity, line_c.total_quantity), (42, 2612))
        self.assertAlmostEqual(line_c.share_percent, 1.6080, places=4)
        self.assertEqual(line_c.amount, 6630.37)  # 6630.3668: the remainder .68 ranks first

    def test_equal_remainders_go_to_the_larger_quantity(self):
        # 0.02 EUR by 1 : 4 : 1 are 1/3, 4/3 and 1/3 cents: the cent left over goes
        # to the larger quantity although all remainders are equal
        self._report(self.traeger_a, 1)
        self._report(self.traeger_b, 4)
        self._report(self.traeger_c, 1)
        pool = self._pool(0.02)
        pool.action_allocate()
        self.assertEqual(self.shares(pool), {self.traeger_a: 0.0, self.traeger_b: 0.02,
                                             self.traeger_c: 0.0})

    def test_a_traeger_with_zero_quantity_gets_nothing(self):
        self._report(self.traeger_a, 0)
        self._report(self.traeger_b, 7)
        pool = self._pool(198765.43)
        pool.action_allocate()
        self.assertEqual(self.shares(pool), {self.traeger_a: 0.0, self.traeger_b: 198765.43})

    def test_allocation_is_refused_while_a_traeger_lacks_a_confirmed_report(self):
        self._report(self.traeger_a, 10)
        self._report(self.traeger_b, 10, state="submitted")
        # Gamma reported another key this year, so it takes part and must report this one
        self._report(self.traeger_c, 3, key=self.other_key)
        pool = self._pool(1000.0)
        with self.assertRaises(UserError) as refusal:
            pool.action_allocate()
        message = refusal.exception.name
        self.assertIn("Gemeinde Beta", message)
        self.assertIn("Gemeinde Gamma", message)
        self.assertNotIn("Gemeinde Alpha", message)
        self.assertEqual(pool.state, "draft")
        self.assertFalse(pool.allocation_line_ids)

    def test_every_member_of_the_year_must_have_reported(self):
        self._membership(self.traeger_a, "2013-10-01")
        self._membership(self.traeger_b, "2019-12-31")  # joined on the last day
        self._membership(self.traeger_c, "2013-10-01", state="left", date_end="2018-12-31")
        self._membership(self.env["res.partner"].create({
            "name": "Stadt Kandidat", "is_company": True, "ksm_is_traeger": True}),
            "2019-01-01", state="candidate")
        self._report(self.traeger_a, 10)
        pool = self._pool(1000.0)
        with self.assertRaises(UserError) as refusal:
            pool.action_allocate()
        message = refusal.exception.name
        self.assertIn("Gemeinde Beta", message)
        for not_expected in ("Gemeinde Alpha", "Gemeinde Gamma", "Stadt Kandidat"):
            self.assertNotIn(not_expected, message)
        self._report(self.traeger_b, 0)
        pool.action_allocate()
        self.assertEqual(self.shares(pool), {self.traeger_a: 1000.0, self.traeger_b: 0.0})

    def test_allocation_is_all_or_nothing_over_several_pools(self):
        self._report(self.traeger_a, 10)
        self._report(self.traeger_a, 2, key=self.other_key, state="draft")
        good = self._pool(500.0)
        bad = self._pool(300.0, key=self.other_key, name="Server")
        with self.assertRaises(UserError):
            (good | bad).action_allocate()
        self.assertEqual(good.state, "draft")
        self.assertFalse(good.allocation_line_ids)

    def test_allocation_is_refused_without_quantities(self):
        pool = self._pool(1000.0)
        with self.assertRaises(UserError) as refusal:
            pool.action_allocate()
        self.assertIn("keine bestätigten Mengen", refusal.exception.name)
        self._report(self.traeger_a, 0)
        with self.assertRaises(UserError):
            pool.action_allocate()

    def test_allocating_again_replaces_the_lines_until_the_pool_is_locked(self):
        self._report(self.traeger_a, 1)
        self._report(self.traeger_b, 1)
        pool = self._pool(10.0)
        pool.action_allocate()
        pool.action_reset_to_draft()
        self.assertFalse(pool.allocation_line_ids)
        pool.amount = 11.0
        pool.action_allocate()
        pool.action_allocate()
        self.assertEqual(len(pool.allocation_line_ids), 2)
        self.assertEqual(self.shares(pool), {self.traeger_a: 5.5, self.traeger_b: 5.5})
        with self.assertRaises(UserError):
            pool.amount = 12.0
        pool.action_lock()
        self.assertEqual(pool.state, "locked")
        for action in (pool.action_allocate, pool.action_reset_to_draft, pool.unlink):
            with self.assertRaises(UserError):
                action()
        self.assertEqual(self.shares(pool), {self.traeger_a: 5.5, self.traeger_b: 5.5})

    def test_only_managers_lock_pools(self):
        self._report(self.traeger_a, 1)
        pool = self._pool(10.0)
        pool.action_allocate()
        clerk = self.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Sachbearbeiterin", "login": "sachbearbeiterin",
            "groups_id": [(6, 0, [self.env.ref("ksm_base.group_ksm_user").id])]})
        with self.assertRaises(AccessError):
            pool.sudo(clerk).action_lock()
        self.assertEqual(pool.state, "allocated")

    def test_costs_are_taken_over_from_the_analytic_account_of_the_year(self):
        account = self.env["account.analytic.account"].create({"name": "Kostenstelle 100"})
        Line = self.env["account.analytic.line"]
        for date, amount in (("2019-01-01", -1000.10), ("2019-12-31", -234.56),
                             ("2019-06-30", 500.0),  # income: not a cost
                             ("2018-12-31", -99.0), ("2020-01-01", -77.0)):
            Line.create({"name": "Kosten", "account_id": account.id, "date": date,
                         "amount": amount})
        pool = self.Pool.create({"name": "Rechenzentrum", "year": 2019, "key_id": self.key.id,
                                 "source": "analytic", "analytic_account_id": account.id,
                                 "amount": 0.0, "company_id": self.company.id})
        pool.action_import_analytic_costs()
        self.assertEqual(pool.amount, 1234.66)

    def test_the_demo_pools_of_2021_add_up_to_the_cent(self):
        for xmlid, amount in (("cost_pool_2021_workstations", 412345.67),
                              ("cost_pool_2021_servers", 198765.43),
                              ("cost_pool_2021_licences", 156000.01)):
            pool = self.env.ref("ksm_allocation." + xmlid)
            self.assertEqual(pool.state, "locked")  # for the true-up (ksm_true_up_demo.xml)
            self.assertEqual(len(pool.allocation_line_ids), 3)
            self.assertEqual(sum(round(line.amount * 100) for line in pool.allocation_line_ids),
                             round(amount * 100))

    def test_the_statement_shows_every_pool_of_the_traeger_and_year(self):
        self._report(self.traeger_a, 3)
        self._report(self.traeger_b, 1)
        self._report(self.traeger_a, 2, key=self.other_key)
        self._report(self.traeger_b, 2, key=self.other_key)
        workstations = self._pool(100.0)
        servers = self._pool(50.0, key=self.other_key, name="Server")
        (workstations | servers).action_allocate()
        servers.action_lock()
        printed = workstations.allocation_line_ids.filtered(
            lambda line: line.partner_id == self.traeger_a)
        values = self.env["report.ksm_allocation.report_allocation_statement"] \
            .get_report_values(printed.ids)
        [statement] = values["statements"]
        self.assertEqual(statement["partner"], self.traeger_a)
        self.assertEqual(statement["lines"].mapped("pool_id"), workstations | servers)
        self.assertEqual(statement["total"], 100.0)  # 75,00 + 25,00
        self.assertTrue(statement["provisional"])  # one pool is not locked yet
        html = self.env.ref("ksm_allocation.action_report_ksm_allocation_statement") \
            .render_qweb_html(printed.ids)[0].decode()
        self.assertIn("Gemeinde Alpha", html)
        self.assertIn("75,00", html)
