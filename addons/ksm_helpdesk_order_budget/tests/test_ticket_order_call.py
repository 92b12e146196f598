from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.ksm_billing.tests.invoice_run_common import YEAR, InvoiceRunCase
from odoo.addons.ksm_order_budget.tests.order_budget_common import OrderBudgetCase


class TicketCallMixin(object):
    """A service desk agent with KSM's staff rights (not a manager) and a ticket of the
    Träger's clerk."""

    @classmethod
    def _setup_ticket_call(cls):
        cls.agent = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Jens Hartmann", "login": "jens.hartmann@test", "lang": "de_DE",
            "email": "j.hartmann@ksm.example",
            "groups_id": [(6, 0, [cls.env.ref("ksm_base.group_ksm_user").id,
                                  cls.env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        cls.ticket = cls.env["helpdesk.ticket"].create({
            "name": "Dateiserver meldet Festplattenfehler",
            "description": "<p>Der Dateiserver im Rathaus piept.</p>",
            "partner_id": cls.clerk.id})

    def _book(self, hours, date, ticket=None):
        """``hours`` booked on the ticket by the agent, in the ticket form."""
        ticket = (ticket or self.ticket).sudo(self.agent)
        before = ticket.ksm_timesheet_ids
        ticket.write({"ksm_timesheet_ids": [(0, 0, {
            "date": date, "name": "Fehlersuche", "unit_amount": hours,
            "user_id": self.agent.id})]})
        return ticket.ksm_timesheet_ids - before

    def _wizard(self, ticket=None, **values):
        """The agent opens the wizard from the ticket and changes ``values``."""
        ticket = (ticket or self.ticket).sudo(self.agent)
        action = ticket.action_ksm_create_order_call()
        return self.env["ksm.ticket.order.call"].sudo(self.agent).with_context(
            action["context"], lang="de_DE").create(values)

    def _convert(self, ticket=None, **values):
        wizard = self._wizard(ticket, **values)
        action = wizard.action_create_call()
        return self.env["ksm.order.call"].browse(action["res_id"])


class TestTicketOrderCall(TicketCallMixin, OrderBudgetCase):
    """A ticket becomes a call on the Träger's order budget; the time KSM's staff book on
    the ticket is what the call consumes."""

    @classmethod
    def setUpClass(cls):
        super(TestTicketOrderCall, cls).setUpClass()
        cls._setup_ticket_call()

    def setUp(self):
        super(TestTicketOrderCall, self).setUp()
        self.budget = self._budget()

    # ------------------------------------------------------------------ timesheets

    def test_staff_book_time_on_the_ticket_on_the_traegers_account(self):
        first = self._book(1.5, "2021-04-19")
        self._book(3.0, "2021-04-20")
        self.assertEqual(self.ticket.ksm_timesheet_hours, 4.5)
        self.assertEqual(first.account_id, self.traeger.ksm_analytic_account_id)
        self.assertEqual(first.partner_id, self.traeger)
        self.assertEqual(first.user_id, self.agent)
        self.assertFalse(first.ksm_order_call_id, "no call yet: the time counts for nothing")
        # the agent corrects and deletes own time, not a colleague's
        first.sudo(self.agent).write({"unit_amount": 2.0})
        self.assertEqual(self.ticket.ksm_timesheet_hours, 5.0)
        colleague = self.Timesheet.create({
            "date": "2021-04-20", "name": "Rücksicherung", "unit_amount": 1.0,
            "ksm_ticket_id": self.ticket.id, "user_id": self.account_manager.id})
        self.assertEqual(colleague.employee_id, self.employee)
        with self.assertRaises(AccessError):
            colleague.sudo(self.agent).write({"unit_amount": 4.0})
        first.sudo(self.agent).unlink()
        self.assertEqual(self.ticket.ksm_timesheet_hours, 4.0)

    def test_no_time_on_a_ticket_without_traeger(self):
        stranger = self.env["res.partner"].create({"name": "Erika Mustermann"})
        ticket = self.env["helpdesk.ticket"].create({
            "name": "Anfrage", "description": "<p>Frage</p>", "partner_id": stranger.id})
        with self.assertRaises(UserError), self.cr.savepoint():
            self._book(1.0, "2021-04-19", ticket=ticket)
        self.assertFalse(ticket.ksm_timesheet_ids)

    # ------------------------------------------------------------------ the wizard

    def test_wizard_defaults_from_the_ticket_and_the_sheet_in_force(self):
        self._budget(year=2022, state="signed")  # signed, not in force yet
        self._book(6.5, "2021-04-19")
        wizard = self._wizard()
        rate_product = self.Call._default_rate_product()
        price = rate_product.product_tmpl_id.ksm_price_for_year(2021).price
        self.assertEqual(wizard.budget_id, self.budget)
        self.assertEqual(wizard.name, "%s %s" % (self.ticket.number, self.ticket.name))
        self.assertEqual(wizard.rate_product_id, rate_product)
        self.assertEqual(wizard.hourly_rate, price)
        self.assertEqual(wizard.timesheet_hours, 6.5)
        self.assertEqual(wizard.amount, round(6.5 * price, 2))
        wizard.rate_product_id = self.hour_rate
        wizard._onchange_rate()
        self.assertEqual(wizard.amount, 507.0)  # 6,5 h x 78,00 €

    def test_the_call_is_requested_for_the_signatory(self):
        self._book(2.0, "2021-04-19")
        call = self._convert(rate_product_id=self.hour_rate.id, amount=780.0)
        self.assertEqual((call.state, call.budget_id, call.ticket_id),
                         ("requested", self.budget, self.ticket))
        self.assertEqual(call.requested_by_id, self.clerk)
        self.assertEqual(self.ticket.ksm_order_call_id, call)
        self.assertEqual(self.ticket.action_ksm_view_order_call()["res_id"], call.id)
        self.assertEqual(self.budget.amount_requested, 780.0)
        self.assertEqual(self.budget.amount_consumed, 0.0)
        call._approve(self.mayor)
        self.assertEqual(self.budget.amount_consumed, 780.0)

    def test_approved_at_once_when_the_signatory_approved_on_paper(self):
        call = self._convert(rate_product_id=self.hour_rate.id, amount=780.0,
                             approved_by_id=self.mayor.id)
        self.assertEqual((call.state, call.approved_by_id), ("approved", self.mayor))
        with self.assertRaises(UserError), self.cr.savepoint():
            self._convert(rate_product_id=self.hour_rate.id, amount=100.0,
                          approved_by_id=self.clerk.id, ticket=self.env[
                              "helpdesk.ticket"].create({
                                  "name": "Zweites", "description": "<p>x</p>",
                                  "partner_id": self.clerk.id}))

    def test_refusals_change_nothing(self):
        other_ticket = self.env["helpdesk.ticket"].create({
            "name": "Drucker", "description": "<p>x</p>",
            "partner_id": self.env["res.partner"].create({
                "name": "Paul Peters", "parent_id": self.other_traeger.id}).id})
        no_traeger = self.env["helpdesk.ticket"].create({
            "name": "Anfrage", "description": "<p>x</p>"})
        for ticket, message in ((other_ticket, "Stadt Wittenburg"),
                                (no_traeger, "keinen Träger")):
            with self.assertRaises(UserError) as refusal:
                ticket.sudo(self.agent).with_context(lang="de_DE") \
                    .action_ksm_create_order_call()
            self.assertIn(message, refusal.exception.name)
        call = self._convert(rate_product_id=self.hour_rate.id, amount=500.0)
        with self.assertRaises(UserError) as refusal:
            self.ticket.sudo(self.agent).with_context(lang="de_DE") \
                .action_ksm_create_order_call()
        self.assertIn(call.name, refusal.exception.name)
        with self.assertRaises(ValidationError), self.cr.savepoint():
            self._call(self.budget, 100.0, "Nachtrag", ticket_id=self.ticket.id)
        self.assertEqual(self.Call.search([("ticket_id", "=", self.ticket.id)]), call)

    def test_exceeding_the_budget_is_refused_like_other_calls(self):
        self._call(self.budget, 9500.0, "Hardware", "approved")
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            self._convert(rate_product_id=self.hour_rate.id, amount=780.0,
                          approved_by_id=self.mayor.id)
        self.assertIn("500,00 €", refusal.exception.name)
        self.assertFalse(self.Call.search([("ticket_id", "=", self.ticket.id)]))

    # ------------------------------------------------------------------ consumption

    def test_time_before_and_after_the_call_is_what_it_consumes(self):
        before = self._book(1.5, "2021-04-19") | self._book(3.0, "2021-04-20")
        call = self._convert(rate_product_id=self.hour_rate.id, amount=780.0,
                             approved_by_id=self.mayor.id)
        after = self._book(2.0, "2021-04-21")
        self.assertEqual(call.timesheet_ids, before | after)
        self.assertEqual(call.timesheet_hours, 6.5)
        self.assertEqual(call.amount_timesheet, 507.0)  # 6,5 h x 78,00 €
        self.assertEqual(after.ksm_amount, 156.0)
        self.assertEqual(call.amount_consumed, 780.0, "approved: its amount is reserved")
        call.sudo(self.agent).action_done()
        self.assertEqual(call.amount_consumed, 507.0)
        self.assertEqual(self.budget.amount_consumed, 507.0)
        self.assertEqual(self.budget.amount_remaining, 9493.0)

    def test_time_beyond_the_amount_consumes_more_and_warns(self):
        self._call(self.budget, 7600.0, "Hardware", "approved")
        call = self._convert(rate_product_id=self.hour_rate.id, amount=390.0,
                             approved_by_id=self.mayor.id)
        self.assertFalse(self._warnings(self.budget))  # 7.990,00 € = 79,9 %
        self._book(6.0, "2021-04-20")  # 468,00 € > 390,00 €
        self.assertEqual(call.amount_consumed, 468.0)
        self.assertEqual(self.budget.amount_consumed, 8068.0)  # 80,7 %
        self.assertEqual(len(self._warnings(self.budget)), 1)

    def test_project_time_of_a_ticket_counts_once(self):
        project = self._project()
        project_call = self._call(self.budget, 1000.0, "Projekt", "approved",
                                  project_id=project.id, rate_product_id=self.hour_rate.id)
        ticket_call = self._convert(rate_product_id=self.hour_rate.id, amount=780.0)
        line = self._timesheet(project, 2.0)
        line.ksm_ticket_id = self.ticket
        self.assertEqual(line.ksm_order_call_id, project_call)
        self.assertFalse(ticket_call.timesheet_ids)

    def test_refused_call_leaves_the_time_with_the_ticket(self):
        line = self._book(2.0, "2021-04-19")
        call = self._convert(rate_product_id=self.hour_rate.id, amount=780.0)
        self.assertEqual(line.ksm_order_call_id, call)
        call._refuse(self.mayor, "Wird über die Wartung abgerechnet")
        self.assertFalse(line.ksm_order_call_id)
        self.assertEqual(call.amount_timesheet, 0.0)
        second = self._convert(rate_product_id=self.hour_rate.id, amount=400.0)
        self.assertEqual(line.ksm_order_call_id, second)

    def test_time_of_an_invoiced_call_stays_as_invoiced(self):
        line = self._book(2.0, "2021-04-19")
        call = self._convert(rate_product_id=self.hour_rate.id, amount=780.0,
                             approved_by_id=self.mayor.id)
        call.action_done()
        line.sudo(self.agent).write({"unit_amount": 2.5})  # a correction before invoicing
        self.assertEqual(call.amount_consumed, 195.0)
        call.action_mark_invoiced()
        with self.assertRaises(UserError) as refusal, self.cr.savepoint():
            self._book(1.0, "2021-04-22")
        self.assertIn(call.name, refusal.exception.name)
        with self.assertRaises(UserError), self.cr.savepoint():
            line.sudo(self.agent).write({"unit_amount": 3.0})
        with self.assertRaises(UserError), self.cr.savepoint():
            line.sudo(self.agent).unlink()
        line.sudo(self.agent).write({"name": "Fehlersuche am RAID-Controller"})
        self.assertEqual((self.ticket.ksm_timesheet_hours, call.amount_consumed), (2.5, 195.0))


class TestTicketOrderCallInvoiced(TicketCallMixin, InvoiceRunCase):
    """The invoice run invoices a done ticket call for the time booked on the ticket."""

    @classmethod
    def setUpClass(cls):
        super(TestTicketOrderCallInvoiced, cls).setUpClass()
        cls._setup_ticket_call()
        cls.hour_rate = cls._create_service("Projektleistung (Lauf)", "project", "once",
                                            {YEAR: 82.5})
        cls.hour_rate.write({"uom_id": cls.env.ref("product.product_uom_hour").id,
                             "uom_po_id": cls.env.ref("product.product_uom_hour").id})

    def test_done_ticket_call_is_invoiced_for_its_hours_at_the_rate(self):
        sheet = self._standard_sheet()
        self._book(1.5, "%d-02-03" % YEAR)
        with freeze_time("%d-02-03 10:00:00" % YEAR):  # requested and approved in its year
            call = self._convert(rate_product_id=self.hour_rate.id, amount=500.0,
                                 approved_by_id=self.mayor.id)
        self._book(2.0, "%d-02-04" % YEAR)
        call.action_done()
        run = self._run("month", 2)
        line = run.invoice_ids.mapped("invoice_line_ids").filtered(
            lambda line: line.ksm_run_item_ids.kind == "order_call")
        self.assertEqual(line.name, "Abruf aus dem Auftragsbudget: %s\n3,50 Stunden zu "
                                    "82,50 €" % call.name)
        self.assertEqual((line.quantity, line.price_subtotal), (1.0, 288.75))
        self.assertEqual(line.ksm_sheet_line_id, self._line(sheet, self.svc_order_budget))
        self.assertEqual(call.state, "invoiced")
