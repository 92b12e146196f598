from odoo.addons.ksm_base.tests.common import TraegerStaffCase


class HelpdeskCase(TraegerStaffCase):
    """The Träger and their staff of TraegerStaffCase, a team counting in KSM's service hours (with the public holidays
    of 2025 entered) and service levels for project services written here, so that the
    tests say which targets they expect."""

    @classmethod
    def setUpClass(cls):
        super(HelpdeskCase, cls).setUpClass()
        cls.Ticket = cls.env["helpdesk.ticket"]
        cls.calendar = cls.env.ref("ksm_helpdesk.resource_calendar_ksm_service_hours")
        cls.calendar.ksm_update_public_holidays([2025])
        cls.agent = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Petra Servicedesk", "login": "test-servicedesk",
            "email": "servicedesk@ksm.example", "lang": "de_DE",
            "groups_id": [(6, 0, [cls.env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        cls.leader = cls.env["res.users"].with_context(no_reset_password=True).create({
            "name": "Lars Teamleiter", "login": "test-teamleiter",
            "email": "teamleiter@ksm.example", "lang": "de_DE",
            "groups_id": [(6, 0, [cls.env.ref("helpdesk_mgmt.group_helpdesk_user").id])]})
        cls.team = cls.env["helpdesk.ticket.team"].create({
            "name": "Testteam", "ksm_calendar_id": cls.calendar.id,
            "ksm_leader_id": cls.leader.id, "user_ids": [(6, 0, cls.agent.ids)]})
        cls.project_service = cls.env["product.product"].create({
            "name": "Projektbegleitung (Test)", "type": "service", "ksm_is_catalogue": True,
            "ksm_category": "project"})
        Target = cls.env["ksm.sla.target"]
        cls.high_target = Target.create({
            "category": "project", "priority": "2", "response_hours": 2,
            "resolution_hours": 8, "warning_percent": 25})
        cls.medium_target = Target.create({
            "category": "project", "priority": "1", "response_hours": 4,
            "resolution_hours": 16})
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_progress = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_in_progress")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")

    @classmethod
    def _ticket(cls, reported_at, priority="2", partner=None, **values):
        """A ticket of the test team about the project service (unless ``values`` say
        otherwise), reported at ``reported_at`` (UTC)."""
        values.setdefault("name", "Test")
        values.setdefault("team_id", cls.team.id)
        values.setdefault("ksm_service_id", cls.project_service.id)
        values.update({
            "partner_id": (partner or cls.clerk.partner_id).id,
            "priority": priority,
            "ksm_reported_at": reported_at,
        })
        return cls.Ticket.create(values)
