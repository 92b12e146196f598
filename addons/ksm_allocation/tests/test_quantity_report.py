from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import mute_logger

from .allocation_common import AllocationCase


class TestQuantityReport(AllocationCase):

    def test_a_quantity_above_the_bound_is_refused_naming_key_and_bound(self):
        with self.assertRaises(ValidationError) as refusal, self.env.cr.savepoint():
            self._report(self.traeger_a, 5001, state="draft")
        self.assertIn("Test-Arbeitsplätze", refusal.exception.name)
        self.assertIn("über der Obergrenze von 5.000", refusal.exception.name)
        report = self._report(self.traeger_a, 5000, state="draft")
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            report.quantity = 5001
        report.invalidate_cache()
        self.assertEqual(report.quantity, 5000)

    def test_a_negative_quantity_is_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self._report(self.traeger_a, -1, state="draft")
        self.assertIn("von 0 bis 5000", self.key._quantity_problem(-1))

    def test_one_report_per_traeger_key_and_year(self):
        self._report(self.traeger_a, 1, state="draft")
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"), \
                self.env.cr.savepoint():
            self._report(self.traeger_a, 2, state="draft")

    def test_only_traeger_report_quantities(self):
        company = self.env["res.partner"].create({"name": "Firma", "is_company": True})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self._report(company, 1, state="draft")

    def test_the_key_says_what_is_implausible(self):
        self.assertIsNone(self.key._quantity_problem(125, 100))
        self.assertIsNone(self.key._quantity_problem(75, 100))
        self.assertIn("25 %", self.key._quantity_problem(126, 100))
        self.assertIn("25 %", self.key._quantity_problem(74, 100))
        self.assertIsNone(self.key._quantity_problem(900, 0))  # nothing to compare with
        self.assertIsNone(self.other_key._quantity_problem(100, 1))  # no change limit
        self.assertIn("über der Obergrenze von 100",
                      self.other_key._quantity_problem(101))
        self.assertIn("über der Obergrenze von 100",
                      self.other_key._quantity_problem(10 ** 19))

    def test_submit_confirm_return_and_submit_again(self):
        report = self._report(self.traeger_a, 10, state="draft")
        report.sudo(self.user_a).action_submit()
        self.assertEqual(report.state, "submitted")
        self.assertEqual(report.submitted_by_id, self.user_a)
        with self.assertRaises(UserError):
            report.action_return("")  # sending back needs a reason
        self.env["ksm.quantity.report.return"].create({
            "report_ids": [(6, 0, report.ids)],
            "comment": "Bitte die Arbeitsplätze der Außenstelle herausrechnen."}) \
            .action_return()
        self.assertEqual(report.state, "returned")
        self.assertEqual(report.comment, "Bitte die Arbeitsplätze der Außenstelle herausrechnen.")
        self.assertIn("Außenstelle", report.message_ids[0].body)
        report.sudo(self.user_a).quantity = 9
        report.sudo(self.user_a).action_submit()
        self.assertEqual((report.state, report.quantity, report.comment), ("submitted", 9, False))
        report.action_confirm()
        self.assertEqual((report.state, report.confirmed_by_id), ("confirmed", self.env.user))
        with self.assertRaises(UserError):
            report.quantity = 8
        with self.assertRaises(UserError):
            report.action_submit()
        with self.assertRaises(UserError):
            report.unlink()
        self.assertEqual(report.quantity, 9)

    def test_ksm_enters_and_confirms_a_report_for_a_traeger(self):
        report = self._report(self.traeger_b, 12, state="draft")
        report.action_confirm()
        self.assertEqual(report.state, "confirmed")

    def test_confirmed_quantities_stay_as_allocated(self):
        report = self._report(self.traeger_a, 10)
        late = self._report(self.traeger_b, 5, state="submitted")
        pool = self._pool(100.0, key=self.other_key, name="Server")
        self._report(self.traeger_a, 1, key=self.other_key)
        self._report(self.traeger_b, 1, key=self.other_key)
        pool.action_allocate()
        pool = self._pool(100.0)
        with self.assertRaises(UserError):
            pool.action_allocate()  # Beta's report waits for confirmation
        late.action_confirm()
        pool.action_allocate()
        for action in (lambda: report.action_return("Falsch gezählt"),
                       lambda: late.action_return("Falsch gezählt")):
            with self.assertRaises(UserError) as refusal:
                action()
            self.assertIn("Arbeitsplatzbetrieb 2019", refusal.exception.name)
        self.assertEqual((report.state, late.state), ("confirmed", "confirmed"))
        # a report confirmed after the allocation would not be in it
        gamma = self._report(self.traeger_c, 3, state="submitted")
        with self.assertRaises(UserError):
            gamma.action_confirm()
        self.assertEqual(gamma.state, "submitted")
        pool.action_reset_to_draft()
        report.action_return("Falsch gezählt")
        self.assertEqual(report.state, "returned")

    def test_only_ksm_staff_confirm_or_send_back(self):
        report = self._report(self.traeger_a, 10, state="submitted")
        with self.assertRaises(AccessError):
            report.sudo(self.user_a).action_confirm()
        with self.assertRaises(AccessError):
            report.sudo(self.user_a).action_return("selbst zurückgegeben")
        with self.assertRaises(AccessError):
            report.sudo(self.user_a).write({"state": "confirmed"})
        self.assertEqual(report.state, "submitted")

    def test_the_traeger_cannot_change_a_submitted_report(self):
        report = self._report(self.traeger_a, 10, state="submitted")
        with self.assertRaises(UserError):
            report.sudo(self.user_a).quantity = 11
        self.assertEqual(report.quantity, 10)

    def test_a_traeger_cannot_report_an_implausible_change_but_ksm_can(self):
        self._report(self.traeger_a, 100, year=2018)
        report = self._report(self.traeger_a, 140, state="draft")
        self.assertEqual(report.previous_quantity, 100)
        self.assertAlmostEqual(report.change_percent, 40.0)
        self.assertTrue(report.implausible_change)
        with self.assertRaises(ValidationError) as refusal:
            report.sudo(self.user_a).action_submit()
        self.assertIn("100", refusal.exception.name)
        self.assertEqual(report.state, "draft")
        report.action_submit()  # KSM checked it
        self.assertEqual(report.state, "submitted")

    def test_portal_users_see_only_their_own_traeger(self):
        own = self._report(self.traeger_a, 10)
        foreign = self._report(self.traeger_b, 20)
        pool = self._pool(30.0)
        pool.action_allocate()
        as_a = self.Report.sudo(self.user_a)
        self.assertEqual(as_a.search([("year", "=", self.YEAR)]), own)
        with self.assertRaises(AccessError):
            foreign.sudo(self.user_a).read(["quantity"])
        lines = self.env["ksm.allocation.line"].sudo(self.user_a).search(
            [("year", "=", self.YEAR)])
        self.assertEqual(lines.mapped("partner_id"), self.traeger_a)
        self.assertEqual(lines.amount, 10.0)
        # the pool itself is readable once allocated, its draft siblings are not
        draft = self._pool(5.0, name="Entwurf")
        self.assertEqual(self.Pool.sudo(self.user_a).search([("year", "=", self.YEAR)]), pool)
        with self.assertRaises(AccessError):
            draft.sudo(self.user_a).read(["amount"])

    def test_portal_users_cannot_touch_another_traeger(self):
        foreign = self._report(self.traeger_b, 20, state="draft")
        with self.assertRaises(AccessError):
            foreign.sudo(self.user_a).write({"quantity": 1})
        with self.assertRaises(AccessError):
            foreign.sudo(self.user_a).action_submit()
        with self.assertRaises(AccessError):
            self.Report.sudo(self.user_a).create({
                "partner_id": self.traeger_b.id, "year": self.YEAR, "key_id": self.key.id,
                "quantity": 1})
        own = self._report(self.traeger_a, 5, state="draft")
        with self.assertRaises(AccessError):
            own.sudo(self.user_a).write({"partner_id": self.traeger_b.id})
        self.assertEqual((foreign.quantity, foreign.state), (20, "draft"))
        self.assertEqual(own.partner_id, self.traeger_a)

    def test_only_finance_contacts_and_signatories_report(self):
        Report = self.Report.sudo(self.user_a_viewer)
        with self.assertRaises(AccessError):
            Report.create({"partner_id": self.traeger_a.id, "year": self.YEAR,
                           "key_id": self.key.id, "quantity": 1})
        report = self.Report.sudo(self.user_a).create({
            "partner_id": self.traeger_a.id, "year": self.YEAR, "key_id": self.key.id,
            "quantity": 1})
        with self.assertRaises(AccessError):
            report.sudo(self.user_a_viewer).action_submit()
        self.assertEqual(report.sudo(self.user_a_viewer).quantity, 1)  # may read
        self.user_a_viewer.ksm_role_signatory = True
        report.sudo(self.user_a_viewer).action_submit()
        self.assertEqual(report.state, "submitted")

    def test_a_closed_year_takes_quantities_only_for_keys_with_an_open_pool(self):
        self._report(self.traeger_a, 10)
        pool = self._pool(1000.0)
        pool.action_allocate()
        pool.action_lock()
        # 2019's allocation is locked; the other key has no pool in 2019 at all
        Report = self.Report.with_context(lang="de_DE")
        for key in (self.key, self.other_key):
            with self.assertRaises(ValidationError) as refusal, self.env.cr.savepoint():
                Report.create({"partner_id": self.traeger_b.id, "year": self.YEAR,
                               "key_id": key.id, "quantity": 3})
            self.assertIn("Die Umlage %d ist festgeschrieben" % self.YEAR,
                          refusal.exception.name)
            self.assertIn(key.name, refusal.exception.name)
        self.assertFalse(self.Report.search([("partner_id", "=", self.traeger_b.id)]))
        # a pool of the other key still in draft takes its quantities
        self._pool(50.0, key=self.other_key, name="Serverbetrieb")
        report = Report.create({"partner_id": self.traeger_b.id, "year": self.YEAR,
                                "key_id": self.other_key.id, "quantity": 3})
        self.assertEqual(report.quantity, 3)
        # a year without a locked pool takes every quantity
        self.assertTrue(Report.create({"partner_id": self.traeger_b.id,
                                       "year": self.YEAR - 1, "key_id": self.key.id,
                                       "quantity": 3}))

    def test_a_key_without_a_previous_year_is_new_and_checked_by_ksm(self):
        report = self._report(self.traeger_a, 5, state="draft")
        self.assertTrue(report.is_new)
        self.assertFalse(report.previous_quantity or report.change_percent)
        self._report(self.traeger_b, 4, year=self.YEAR - 1)
        compared = self._report(self.traeger_b, 5, state="draft")
        self.assertFalse(compared.is_new)
        self.assertEqual(compared.change_percent, 25.0)
