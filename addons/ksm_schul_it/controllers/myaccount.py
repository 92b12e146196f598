from odoo import _, http
from odoo.http import request
from odoo.tools import plaintext2html

from odoo.addons.ksm_base.controllers.helpers import record_or_404
from odoo.addons.portal.controllers.portal import CustomerPortal

TICKET_TITLE_MAX_LENGTH = 200


class SchoolPortal(CustomerPortal):
    """'My schools': a school's devices and tickets, and a form to report a problem.

    Records are looked up through the user's environment only, so the record rules
    decide what a user sees; a school the user may not see answers 404.
    """

    @http.route(["/my/schools"], type="http", auth="user", website=True)
    def portal_my_schools(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update({
            "schools": request.env["ksm.school"].search([]),
            "page_name": "school",
        })
        return request.render("ksm_schul_it.portal_my_schools", values)

    @http.route(["/my/schools/<int:school_id>"], type="http", auth="user", website=True)
    def portal_my_school(self, school_id, ticket=None, **kw):
        school = record_or_404("ksm.school", school_id)
        devices = request.env["ksm.device"].search([("school_id", "=", school.id)])
        tickets = request.env["helpdesk.ticket"].search(
            [("ksm_school_id", "=", school.id)], order="create_date desc, id desc")
        created_ticket = tickets.filtered(lambda t: str(t.id) == ticket)
        due = devices.filtered("replacement_due")
        values = self._prepare_portal_layout_values()
        grants = request.env["ksm.funding.grant"].search([("school_id", "=", school.id)])
        values.update({
            "school": school,
            "devices": devices,
            "due_devices": due,
            "due_amount": sum(due.mapped("replacement_cost")),
            "currency": devices[:1].currency_id,
            "tickets": tickets,
            "created_ticket": created_ticket,
            "school_sheets": self._prepare_school_sheets(school),
            "grants": grants,
            "grant_currency": grants[:1].currency_id,
            "page_name": "school",
        })
        return request.render("ksm_schul_it.portal_my_school", values)

    def _prepare_school_sheets(self, school):
        """The school's lines on its Träger's service sheets past the draft, per sheet,
        newest year first, with the school's totals.

        The lines are searched as the user, so the record rules decide. School staff
        may read their school's lines but not the sheets (a sheet shows all schools):
        the number and title of a sheet whose lines the user may read are read as
        superuser, and only a user who may read the sheet gets the link to it.
        """
        lines = request.env["ksm.service.sheet.line"].search([
            ("ksm_school_id", "=", school.id),
            ("state", "not in", ("draft", "superseded"))],
            order="year desc, sheet_id, sequence, id")
        readable = request.env["ksm.service.sheet"].search(
            [("id", "in", lines.mapped("sheet_id").ids)])
        sheets = []
        for sheet in lines.mapped("sheet_id"):
            sheet_lines = lines.filtered(lambda line: line.sheet_id == sheet)
            header = sheet.sudo()
            sheets.append(dict(
                header._ksm_amounts_of(sheet_lines),
                name=header.name, title=header.title, year=header.year,
                lines=sheet_lines, currency=sheet_lines[:1].currency_id,
                url="/my/service-sheets/%d" % sheet.id if sheet in readable else None))
        return sheets

    @http.route(["/my/schools/<int:school_id>/ticket/new"], type="http", auth="user",
                methods=["GET", "POST"], website=True)
    def portal_school_ticket_new(self, school_id, **post):
        school = record_or_404("ksm.school", school_id)
        errors = {}
        if request.httprequest.method == "POST":
            errors, device = self._check_school_ticket_form(school, post)
            if not errors:
                ticket = request.env["helpdesk.ticket"].sudo().create(
                    self._prepare_school_ticket(school, post, device))
                ticket.message_subscribe(partner_ids=request.env.user.partner_id.ids)
                return request.redirect("/my/schools/%d?ticket=%d" % (school.id, ticket.id))
        values = self._prepare_portal_layout_values()
        values.update({
            "school": school,
            "devices": request.env["ksm.device"].search([("school_id", "=", school.id)]),
            "errors": errors,
            "form": post,
            "page_name": "school_ticket",
        })
        return request.render("ksm_schul_it.portal_school_ticket_new", values)

    def _check_school_ticket_form(self, school, post):
        """(errors by field, device): what is wrong with the form, and the device it
        names (looked up through the user's environment among the school's devices)."""
        errors = {}
        title = (post.get("name") or "").strip()
        if not title:
            errors["name"] = _("Please enter a title: what does not work?")
        elif len(title) > TICKET_TITLE_MAX_LENGTH:
            errors["name"] = _("Please keep the title under %d characters; describe the "
                               "details below.") % TICKET_TITLE_MAX_LENGTH
        if not (post.get("description") or "").strip():
            errors["description"] = _("Please describe the problem: what happened, since "
                                      "when, and who is affected?")
        device = request.env["ksm.device"]
        device_ref = (post.get("device_id") or "").strip()
        if device_ref:
            if device_ref.isdigit():
                device = device.search([("id", "=", int(device_ref)),
                                        ("school_id", "=", school.id)])
            if not device:
                errors["device_id"] = _("The chosen device is not a device of %s. "
                                        "Choose one from the list or none.") % school.name
        return errors, device

    def _prepare_school_ticket(self, school, post, device):
        """Values of the ticket a user reports for ``school`` (validated form)."""
        partner = request.env.user.partner_id
        return {
            "name": post["name"].strip(),
            "description": plaintext2html(post["description"].strip()),
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "team_id": request.env.ref("ksm_schul_it.helpdesk_team_schul_it").id,
            "channel_id": request.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            "ksm_school_id": school.id,
            "ksm_device_id": device.id,
        }
