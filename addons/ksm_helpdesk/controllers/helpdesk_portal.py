import base64

from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import _, fields, http
from odoo.exceptions import UserError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import plaintext2html

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import \
    CustomerPortal as HelpdeskCustomerPortal
from odoo.addons.ksm_base.controllers.helpers import record_or_404
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.ksm_sla_target import TICKET_PRIORITIES

TICKET_TITLE_MAX_LENGTH = 200
# what a Träger reports problems about: not budgets and reserves
TICKET_SERVICE_CATEGORIES = ("operation", "application_maintenance", "school_it", "project")
ATTACHMENT_MAX_COUNT = 10
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
SLA_PORTAL_MONTHS = 12


def organisation_ticket_domain():
    """The tickets of the user's organisation: of its Träger, or reported by its people
    (e.g. a school's staff). Record rules narrow it further."""
    organisation = request.env.user.partner_id.commercial_partner_id
    return ["|", ("ksm_traeger_id", "=", organisation.id),
            ("partner_id", "in", organisation._child_of_ids())]


class HelpdeskPortal(HelpdeskCustomerPortal):
    """The Träger's tickets on /my: the tickets of all its staff with their service
    levels, and the service level compliance of the last months.

    Tickets are looked up through the user's environment, so that the record rules
    decide what exists for the user; anything else answers 404.
    """

    @http.route(["/my/tickets", "/my/tickets/page/<int:page>"], type="http", auth="user",
                website=True)
    def portal_my_tickets(self, page=1, sortby=None, filterby=None, search=None,
                          search_in="content", **kw):
        values = self._prepare_portal_layout_values()
        Ticket = request.env["helpdesk.ticket"]
        domain = organisation_ticket_domain()
        searchbar_sortings = {
            "date": {"label": _("Newest first"), "order": "ksm_reported_at desc, id desc"},
            "deadline": {"label": _("By resolution deadline"),
                         "order": "ksm_resolution_deadline, id"},
            "stage": {"label": _("By status"), "order": "stage_id, ksm_reported_at desc"},
            "number": {"label": _("By ticket number"), "order": "number desc"},
        }
        searchbar_filters = {
            "open": {"label": _("Still open"), "domain": [("stage_id.closed", "=", False)]},
            "mine": {"label": _("Reported by me"),
                     "domain": [("partner_id", "=", request.env.user.partner_id.id)]},
            "closed": {"label": _("Already closed"),
                       "domain": [("stage_id.closed", "=", True)]},
            "all": {"label": _("Open and closed"), "domain": []},
        }
        searchbar_inputs = {
            "content": {"input": "content", "label": _("Search in title and description")},
            "number": {"input": "number", "label": _("Search in ticket numbers")},
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "open"
        search_in = search_in if search_in in searchbar_inputs else "content"
        domain = expression.AND([domain, searchbar_filters[filterby]["domain"]])
        if search:
            if search_in == "number":
                domain = expression.AND([domain, [("number", "ilike", search)]])
            else:
                domain = expression.AND([domain, ["|", ("name", "ilike", search),
                                                  ("description", "ilike", search)]])
        pager = portal_pager(
            url="/my/tickets",
            url_args={"sortby": sortby, "filterby": filterby, "search": search,
                      "search_in": search_in},
            total=Ticket.search_count(domain), page=page, step=self._items_per_page)
        tickets = Ticket.search(domain, order=searchbar_sortings[sortby]["order"],
                                limit=self._items_per_page, offset=pager["offset"])
        values.update({
            # read as superuser what the user may see (the services are products)
            "tickets": tickets.sudo(),
            "page_name": "ticket",
            "pager": pager,
            "default_url": "/my/tickets",
            "searchbar_sortings": searchbar_sortings,
            "searchbar_filters": searchbar_filters,
            "searchbar_inputs": searchbar_inputs,
            "sortby": sortby,
            "filterby": filterby,
            "search_in": search_in,
            "search": search,
        })
        return request.render("ksm_helpdesk.portal_my_tickets", values)

    @http.route(["/my/ticket/<int:ticket_id>"], type="http", auth="user", website=True)
    def portal_my_ticket(self, ticket_id=None, created=None, **kw):
        ticket = record_or_404("helpdesk.ticket", ticket_id)
        values = self._prepare_portal_layout_values()
        values.update(self._ticket_get_page_view_values(ticket.sudo(), **kw))
        values["created"] = bool(created)
        return request.render("ksm_helpdesk.portal_helpdesk_ticket_page", values)

    def _ticket_get_page_view_values(self, ticket, **kwargs):
        values = super(HelpdeskPortal, self)._ticket_get_page_view_values(ticket, **kwargs)
        values.update({
            "attachments": ticket.attachment_ids,
            "closed_stages": values["closed_stages"].sudo(),
        })
        return values

    @http.route(["/my/sla"], type="http", auth="user", website=True)
    def portal_my_sla(self, **kw):
        values = self._prepare_portal_layout_values()
        organisation = request.env.user.partner_id.commercial_partner_id
        values.update({
            "page_name": "ksm_sla",
            "organisation": organisation,
            "months": self._prepare_sla_months(organisation),
            # the service levels and hours are KSM's public terms
            "targets": request.env["ksm.sla.target"].sudo().search(
                [("category", "=", False)], order="priority desc"),
            "calendar": request.env.ref("ksm_helpdesk.resource_calendar_ksm_service_hours",
                                        raise_if_not_found=False).sudo(),
        })
        return request.render("ksm_helpdesk.portal_my_sla", values)

    def _prepare_sla_months(self, organisation):
        """Per month of the last year, newest first: dicts with label, tickets, and
        response and resolution rates (None while no deadline is decided)."""
        today = fields.Date.from_string(fields.Date.context_today(request.env.user))
        since = today.replace(day=1) - relativedelta(months=SLA_PORTAL_MONTHS - 1)
        groups = request.env["ksm.sla.report"].read_group(
            [("partner_id", "=", organisation.id),
             ("month", ">=", fields.Date.to_string(since))],
            ["month", "ticket_count", "response_rate", "resolution_rate"], ["month:month"],
            orderby="month desc", lazy=False)
        # read_group answers False for an average of nothing but running deadlines
        return [{
            "label": group["month:month"],
            "tickets": group["ticket_count"],
            "response_rate": None if group["response_rate"] is False
            else group["response_rate"],
            "resolution_rate": None if group["resolution_rate"] is False
            else group["resolution_rate"],
        } for group in groups]


class HelpdeskTicketPortal(HelpdeskTicketController):
    """Opening and closing tickets in the portal.

    helpdesk_mgmt's routes create tickets from unchecked input (also by GET) and close
    any ticket whose id is in the URL; these check the input, need POST with the CSRF
    token, and close only tickets the user may read.
    """

    @http.route("/new/ticket", type="http", auth="user", website=True)
    def create_new_ticket(self, **kw):
        return self._render_ticket_form({}, {})

    @http.route("/submitted/ticket", type="http", auth="user", methods=["POST"],
                website=True)
    def submit_ticket(self, **post):
        errors, values = self._check_ticket_form(post)
        files = [upload for upload in request.httprequest.files.getlist("attachment")
                 if upload.filename]
        errors.update(self._check_ticket_attachments(files))
        if errors:
            return self._render_ticket_form(post, errors, status=400)
        ticket = request.env["helpdesk.ticket"].sudo().create(values)
        for upload in files:
            upload.seek(0)
            data = upload.read()
            request.env["ir.attachment"].sudo().create({
                "name": upload.filename,
                "datas_fname": upload.filename,
                "datas": base64.b64encode(data),
                "mimetype": request.env["ir.attachment"].check_upload(data, upload.filename),
                "res_model": "helpdesk.ticket",
                "res_id": ticket.id,
            })
        ticket.message_subscribe(partner_ids=request.env.user.partner_id.ids)
        return request.redirect("/my/ticket/%d?created=1" % ticket.id)

    @http.route("/ticket/close", type="http", auth="user", methods=["POST"], website=True)
    def support_ticket_close(self, ticket_id=None, stage_id=None, **kw):
        ticket = record_or_404("helpdesk.ticket", ticket_id)
        stage = request.env["helpdesk.ticket.stage"].sudo().search([
            ("id", "=", int(stage_id) if (stage_id or "").isdigit() else 0),
            ("closed", "=", True)])
        if not stage:
            raise NotFound()
        if not ticket.closed:
            ticket.sudo().action_ksm_close_by_customer(stage, request.env.user.partner_id)
        return request.redirect("/my/ticket/%d" % ticket.id)

    def _ticket_services(self):
        """(services of the Träger's sheets in force, the other catalogue services) a
        ticket may be about. The catalogue is public: read as superuser."""
        services = request.env["product.product"].sudo().search([
            ("ksm_is_catalogue", "=", True),
            ("ksm_category", "in", TICKET_SERVICE_CATEGORIES)], order="name")
        organisation = request.env.user.partner_id.commercial_partner_id
        Line = request.env["ksm.service.sheet.line"]
        own_ids = set()
        if Line.check_access_rights("read", raise_exception=False):
            own_ids = set(Line.search([("partner_id", "=", organisation.id),
                                       ("state", "=", "active")]).mapped("product_id").ids)
        return (services.filtered(lambda service: service.id in own_ids),
                services.filtered(lambda service: service.id not in own_ids))

    def _render_ticket_form(self, form, errors, status=200):
        own_services, other_services = self._ticket_services()
        env = request.env
        priorities = env["ksm.sla.target"]._fields["priority"]._description_selection(env)
        groups = ((_("Services of your service sheets"), own_services),
                  (_("Further services of KSM"), other_services))
        return request.render("ksm_helpdesk.portal_create_ticket", {
            "page_name": "ksm_ticket_new",
            # (label, services): QWeb translates no optgroup labels
            "service_groups": [(label, services) for label, services in groups if services],
            "priorities": priorities,
            "form": form,
            "errors": errors,
        }, status=status)

    def _check_ticket_form(self, post):
        """(errors by field, values of the ticket) from the submitted form."""
        errors = {}
        title = (post.get("subject") or "").strip()
        description = (post.get("description") or "").strip()
        if not title:
            errors["subject"] = _("Please enter a title: what does not work?")
        elif len(title) > TICKET_TITLE_MAX_LENGTH:
            errors["subject"] = _("Please keep the title under %d characters; describe the "
                                  "details below.") % TICKET_TITLE_MAX_LENGTH
        if not description:
            errors["description"] = _("Please describe the problem: what happened, since "
                                      "when, and who is affected?")
        service = request.env["product.product"]
        service_ref = (post.get("service_id") or "").strip()
        if service_ref:
            own_services, other_services = self._ticket_services()
            service = (own_services | other_services).filtered(
                lambda candidate: str(candidate.id) == service_ref)
            if not service:
                errors["service_id"] = _("The chosen service is not a service of KSM's "
                                         "catalogue. Choose one from the list, or none.")
        priority = post.get("priority") or "1"
        if priority not in dict(TICKET_PRIORITIES):
            errors["priority"] = _("Choose the priority from the list.")
        partner = request.env.user.partner_id
        values = {
            "name": title,
            "description": plaintext2html(description),
            "partner_id": partner.id,
            "partner_name": partner.name,
            "partner_email": partner.email,
            "ksm_service_id": service.id,
            "priority": priority,
            "channel_id": request.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_web").id,
            "company_id": request.env.user.company_id.id,
        }
        return errors, values

    def _check_ticket_attachments(self, files):
        errors = {}
        if len(files) > ATTACHMENT_MAX_COUNT:
            errors["attachment"] = _("Please attach at most %d files.") % ATTACHMENT_MAX_COUNT
        for upload in files:
            upload.seek(0, 2)
            if upload.tell() > ATTACHMENT_MAX_BYTES:
                errors["attachment"] = _(
                    "The file %s is larger than %d MB. Please attach smaller files.") % (
                    upload.filename, ATTACHMENT_MAX_BYTES // (1024 * 1024))
                continue
            upload.seek(0)
            try:
                # the allow-list of attachment_upload_allowlist, by content, not by name
                request.env["ir.attachment"].check_upload(upload.read(), upload.filename)
            except UserError as error:
                errors["attachment"] = error.name
        return errors
