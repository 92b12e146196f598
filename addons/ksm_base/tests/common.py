from odoo.tests.common import SavepointCase


class TraegerStaffCase(SavepointCase):
    """Two Träger with staff in several roles and portal access, and a school-like
    company under the first whose staff belong to it."""

    @classmethod
    def setUpClass(cls):
        super(TraegerStaffCase, cls).setUpClass()
        Partner = cls.env["res.partner"]
        cls.traeger = Partner.create({
            "name": "Stadt Musterstadt", "is_company": True, "ksm_is_traeger": True})
        cls.other_traeger = Partner.create({
            "name": "Amt Anderswo", "is_company": True, "ksm_is_traeger": True})
        cls.school = Partner.create({
            "name": "Grundschule Musterstadt", "is_company": True,
            "parent_id": cls.traeger.id})
        cls.mayor = cls._portal_user("buergermeisterin", cls.traeger, ksm_role_signatory=True)
        cls.treasurer = cls._portal_user("kaemmerin", cls.traeger, ksm_role_finance=True)
        cls.clerk = cls._portal_user("sachbearbeiter", cls.traeger, ksm_role_it=True)
        cls.stranger = cls._portal_user("anderswo", cls.other_traeger, ksm_role_finance=True)
        cls.teacher = cls._portal_user("lehrerin", cls.school)

    @classmethod
    def _portal_user(cls, login, parent, **roles):
        values = dict(roles, name=login.capitalize(), login="test-%s" % login,
                      parent_id=parent.id, email="%s@example.org" % login,
                      groups_id=[(6, 0, [cls.env.ref("base.group_portal").id])])
        return cls.env["res.users"].with_context(no_reset_password=True).create(values)
