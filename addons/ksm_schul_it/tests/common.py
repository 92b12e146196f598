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
