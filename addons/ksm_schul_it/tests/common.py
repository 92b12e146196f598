from odoo.tests.common import SavepointCase


class SchoolCase(SavepointCase):
    """Two Träger: Musterhausen with two schools, Beispielland with one; a device and
    a ticket per school; portal users of a school, of a Träger and of the other
    Träger."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.company_id.ksm_device_replacement_years = 6
        partners = cls.env["res.partner"]
        cls.traeger = partners.create({
            "name": "Stadt Musterhausen", "is_company": True, "ksm_is_traeger": True,
            "street": "Markt 1", "zip": "19999", "city": "Musterhausen"})
        cls.other_traeger = partners.create({
            "name": "Amt Beispielland", "is_company": True, "ksm_is_traeger": True})
        cls.school = cls._school("Grundschule Am Markt", cls.traeger, "grundschule",
                                 street="Schulweg 1", zip="19999", city="Musterhausen")
        cls.second_school = cls._school("Regionale Schule Musterhausen", cls.traeger,
                                        "regionale_schule")
        cls.foreign_school = cls._school("Gymnasium Beispielland", cls.other_traeger,
                                         "gymnasium")
        cls.device = cls._device("Notebook Lehrerzimmer", cls.school, "2015-03-01")
        cls.second_device = cls._device("Schulserver", cls.second_school, "2019-08-01",
                                        kind="server")
        cls.foreign_device = cls._device("Tafel 5a", cls.foreign_school, "2020-09-01",
                                         kind="display")
        cls.team = cls.env.ref("ksm_schul_it.helpdesk_team_schul_it")
        cls.ticket = cls._ticket("Notebook startet nicht", cls.school, cls.device)
        cls.second_ticket = cls._ticket("Server langsam", cls.second_school)
        cls.foreign_ticket = cls._ticket("Tafel dunkel", cls.foreign_school)
        cls.school_user = cls._portal_user("lehrerin", cls.school.school_partner_id)
        cls.traeger_user = cls._portal_user("kaemmerer", cls.traeger)
        cls.foreign_user = cls._portal_user("amt", cls.other_traeger)

    @classmethod
    def _school(cls, name, traeger, school_type, **values):
        values.update({"name": name, "partner_id": traeger.id, "school_type": school_type})
        return cls.env["ksm.school"].create(values)

    @classmethod
    def _device(cls, name, school, purchase_date, kind="notebook", value=1000.0):
        return cls.env["ksm.device"].create({
            "name": name, "partner_id": school.partner_id.id, "school_id": school.id,
            "kind": kind, "purchase_date": purchase_date, "purchase_value": value})

    @classmethod
    def _ticket(cls, name, school, device=None):
        return cls.env["helpdesk.ticket"].create({
            "name": name, "team_id": cls.team.id, "ksm_school_id": school.id,
            "ksm_device_id": device.id if device else False})

    @classmethod
    def _portal_user(cls, login, parent):
        return cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": login.capitalize(), "login": "test-%s" % login,
            "parent_id": parent.id, "email": "%s@example.org" % login,
            "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])]})


class SchoolSheetCase(SchoolCase):
    """School IT services of a small catalogue, a DigitalPakt grant per school of
    Musterhausen, and helpers to build service sheets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        cls.care = cls._service("Schul-IT Betreuung (Test)", "school_it", "yearly",
                                {2021: 100.0, 2022: 102.5})
        cls.display = cls._service("Interaktive Tafel (Test)", "school_it", "once",
                                   {2021: 4480.0, 2022: 4592.0}, budget_type="investment")
        cls.pc_replacement = cls._service("Ersatz PC/Notebook (Test)", "investment", "once",
                                          {2021: 980.0, 2022: 1004.5})
        cls.replacement = cls._service("Ersatzbeschaffung (Test)", "investment", "once",
                                       individual=True)
        cls.company.ksm_device_replacement_product_id = cls.replacement
        cls.programme = cls.env["ksm.funding.programme"].create({
            "name": "DigitalPakt Schule 2019–2024", "funding_quota": 90.0})
        cls.grant = cls._grant("DPS-2021-0418", cls.school, 8960.0, 8064.0)
        cls.second_grant = cls._grant("DPS-2021-0417", cls.second_school, 6040.0, 5436.0)

    @classmethod
    def _service(cls, name, category, rhythm, prices=None, individual=False,
                 budget_type=None):
        return cls.env["product.product"].create({
            "name": name, "type": "service", "ksm_is_catalogue": True,
            "ksm_category": category, "ksm_budget_type": budget_type,
            "ksm_billing_rhythm": rhythm, "ksm_individual_price": individual,
            "ksm_price_ids": [(0, 0, {"year": year, "price": price})
                              for year, price in (prices or {}).items()]})

    @classmethod
    def _grant(cls, name, school, investment, approved, traeger=None):
        return cls.env["ksm.funding.grant"].create({
            "name": name, "programme_id": cls.programme.id,
            "partner_id": (traeger or school.partner_id).id, "school_id": school.id,
            "purpose": "Interaktive Tafeln", "investment_amount": investment,
            "approved_amount": approved})

    @classmethod
    def _sheet(cls, year=2021, lines=(), scope="school_it", partner=None):
        """A draft sheet; ``lines`` are (product, values) pairs."""
        return cls.env["ksm.service.sheet"].create({
            "partner_id": (partner or cls.traeger).id, "year": year, "scope": scope,
            "line_ids": [(0, 0, dict(values, product_id=product.id))
                         for product, values in lines]})
