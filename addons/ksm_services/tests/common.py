from odoo.tests.common import SavepointCase


class KsmServicesCase(SavepointCase):
    """A Träger like Lübtheen with its mayor, council resolution and a small catalogue.

    Built here rather than taken from the demo data, so that the tests say what they need.
    """

    @classmethod
    def setUpClass(cls):
        super(KsmServicesCase, cls).setUpClass()
        cls.Sheet = cls.env["ksm.service.sheet"]
        cls.Line = cls.env["ksm.service.sheet.line"]
        cls.Cost = cls.env["ksm.onetime.cost"]
        cls.traeger = cls._create_traeger("Stadt Lübtheen")
        cls.other_traeger = cls._create_traeger("Stadt Wittenburg")
        cls.mayor = cls.env["res.partner"].create({
            "name": "Sabine Kramer", "parent_id": cls.traeger.id, "ksm_role_signatory": True})
        cls.clerk = cls.env["res.partner"].create({
            "name": "Jan Meier", "parent_id": cls.traeger.id})
        cls.other_mayor = cls.env["res.partner"].create({
            "name": "Margret Seemann", "parent_id": cls.other_traeger.id,
            "ksm_role_signatory": True})
        cls.resolution = cls.env["ksm.resolution"].create({
            "name": "SV-2020/047", "partner_id": cls.traeger.id, "body": "stadtvertretung",
            "date": "2020-11-26", "subject": "Servicescheine 2021 und 2022"})
        cls.other_resolution = cls.env["ksm.resolution"].create({
            "name": "SV-WB/2020/12", "partner_id": cls.other_traeger.id,
            "body": "stadtvertretung", "date": "2020-11-20", "subject": "Beitritt"})
        cls.workplace = cls._create_service(
            "Arbeitsplatz (Test)", "operation", "yearly", {2021: 1140.0, 2022: 1168.5})
        cls.fachverfahren = cls._create_service(
            "Fachverfahren (Test)", "application_maintenance", "yearly", {2021: 4380.0})
        cls.migration = cls._create_service(
            "Migration (Test)", "project", "once", individual=True)
        cls.reserve = cls._create_service(
            "Investitionsvorbehalt (Test)", "investment", "once", individual=True, reserve=True)
        cls.order_budget = cls._create_service(
            "Auftragsbudget (Test)", "order_budget", "yearly", individual=True)

    @classmethod
    def _create_traeger(cls, name):
        return cls.env["res.partner"].create({
            "name": name, "is_company": True, "ksm_is_traeger": True, "lang": "de_DE"})

    @classmethod
    def _create_service(cls, name, category, rhythm, prices=None, individual=False,
                        reserve=False):
        return cls.env["product.product"].create({
            "name": name, "type": "service", "ksm_is_catalogue": True,
            "ksm_category": category, "ksm_billing_rhythm": rhythm,
            "ksm_individual_price": individual, "ksm_is_reserve": reserve,
            "ksm_price_ids": [(0, 0, {"year": year, "price": price})
                              for year, price in (prices or {}).items()],
        })

    def _create_sheet(self, year=2021, lines=(), partner=None, scope="administration"):
        """A draft sheet; ``lines`` are (product, values) pairs."""
        return self.Sheet.create({
            "partner_id": (partner or self.traeger).id, "year": year, "scope": scope,
            "line_ids": [(0, 0, dict(values, product_id=product.id))
                         for product, values in lines],
        })

    def _create_migration(self, amount=53280.0, year_from=2021, year_count=2):
        cost = self.Cost.create({
            "name": "Migration IT-Betrieb", "partner_id": self.traeger.id,
            "product_id": self.migration.id, "amount_total": amount,
            "year_from": year_from, "year_count": year_count})
        return cost

    def _create_luebtheen_2021(self):
        """The 2021 sheet of the seed: half the migration, a reserve, an order budget."""
        sheet = self._create_sheet(2021, [
            (self.reserve, {"price_unit": 5000.0}),
            (self.order_budget, {"price_unit": 10000.0}),
        ])
        migration = self._create_migration()
        migration.action_apply_to_sheets()
        return sheet, migration

    def _bring_to(self, sheet, state):
        """Walk a draft sheet through the workflow up to ``state``."""
        steps = ["submitted", "resolved", "signed", "active", "closed"]
        for step in steps[:steps.index(state) + 1]:
            if step == "submitted":
                sheet.action_submit()
            elif step == "resolved":
                sheet.resolution_id = self.resolution if sheet.partner_id == self.traeger \
                    else self.other_resolution
                sheet.action_resolve()
            elif step == "signed":
                sheet.signed_by_id = self.mayor if sheet.partner_id == self.traeger \
                    else self.other_mayor
                sheet.action_sign()
            elif step == "active":
                sheet.action_activate()
            else:
                sheet.action_close()
        self.assertEqual(sheet.state, state)
        return sheet


class TrackingCase(KsmServicesCase):
    """A German KSM user who reads the chatter (with the billing right)."""

    @classmethod
    def setUpClass(cls):
        super(TrackingCase, cls).setUpClass()
        cls.reader = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Greta Leser", "login": "ksm-tracking-reader", "lang": "de_DE",
            "email": "g.leser@ksm.example",
            "groups_id": [(6, 0, [cls.env.ref("ksm_base.group_ksm_user").id,
                                  cls.env.ref("account.group_account_invoice").id])]})

    def _chatter(self, record):
        """(label, old, new) of every tracked change, as the web client gets them."""
        messages = record.message_ids.sudo(self.reader).with_context(
            lang="de_DE").message_format()
        return [(value["changed_field"], value["old_value"], value["new_value"])
                for message in messages for value in message["tracking_value_ids"]]
