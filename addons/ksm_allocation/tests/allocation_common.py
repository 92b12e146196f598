from odoo.tests.common import SavepointCase


class AllocationCase(SavepointCase):
    """Three Träger with portal users, two allocation keys, in a year and a company of
    their own (the demo Träger are members of KSM's company in every year since 2013).
    The administrator works in German, as KSM's staff do: messages are checked in
    German."""

    YEAR = 2019

    @classmethod
    def setUpClass(cls):
        super(AllocationCase, cls).setUpClass()
        cls.company = cls.env["res.company"].create({"name": "KSM Testanstalt"})
        cls.key = cls.env["ksm.allocation.key"].create({
            "name": "Test-Arbeitsplätze", "code": "TEST-AP", "unit": "Arbeitsplatz",
            "max_quantity": 5000, "max_change_percent": 25})
        cls.other_key = cls.env["ksm.allocation.key"].create({
            "name": "Test-Server", "code": "TEST-SRV", "unit": "Server",
            "max_quantity": 100})
        Partner = cls.env["res.partner"]
        cls.traeger_a, cls.traeger_b, cls.traeger_c = [Partner.create({
            "name": name, "is_company": True, "ksm_is_traeger": True, "lang": "de_DE"})
            for name in ("Gemeinde Alpha", "Gemeinde Beta", "Gemeinde Gamma")]
        cls.user_a = cls._portal_user("alpha-finanzen", cls.traeger_a, finance=True)
        cls.user_a_viewer = cls._portal_user("alpha-it", cls.traeger_a, finance=False)
        cls.user_b = cls._portal_user("beta-finanzen", cls.traeger_b, finance=True)
        cls.Report = cls.env["ksm.quantity.report"]
        cls.Pool = cls.env["ksm.cost.pool"]

    @classmethod
    def _portal_user(cls, login, traeger, finance):
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login.title(), "login": login, "email": "%s@example.org" % login,
            "parent_id": traeger.id, "ksm_role_finance": finance,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})

    def _report(self, traeger, quantity, key=None, year=None, state="confirmed"):
        report = self.Report.create({"partner_id": traeger.id, "year": year or self.YEAR,
                                     "key_id": (key or self.key).id, "quantity": quantity})
        if state in ("submitted", "confirmed"):
            report.action_submit()
        if state == "confirmed":
            report.action_confirm()
        return report

    def _pool(self, amount, key=None, year=None, name="Arbeitsplatzbetrieb"):
        return self.Pool.create({"name": name, "year": year or self.YEAR,
                                 "key_id": (key or self.key).id, "amount": amount,
                                 "company_id": self.company.id})

    def _membership(self, traeger, date_start, state="active", date_end=False):
        # recorded in the state it has, as for Träger that joined before Odoo
        Membership = self.env["ksm.membership"]
        return Membership.browse(Membership._without_state_guard().create({
            "partner_id": traeger.id, "company_id": self.company.id, "state": state,
            "date_start": date_start, "date_end": date_end}).id)

    @staticmethod
    def shares(pool):
        return {line.partner_id: line.amount for line in pool.allocation_line_ids}
