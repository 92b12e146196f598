import re
from decimal import Decimal

from werkzeug.exceptions import NotFound

from odoo import _, http
from odoo.exceptions import UserError
from odoo.http import request

from odoo.addons.ksm_base.controllers.helpers import record_or_404
from odoo.addons.portal.controllers.portal import CustomerPortal

# "1234,56", "1.234,56", "1.234": German; "1234.56": decimal point; at most 2 decimals
GERMAN_AMOUNT = re.compile(r"^(\d{1,3}(\.\d{3})+|\d+)(,\d{1,2})?$")
POINT_AMOUNT = re.compile(r"^\d+(\.\d{1,2})?$")


def parse_amount(text):
    """The amount a person typed, as a float; None when it is not a valid amount.

    Accepted are German amounts with a decimal comma and optional thousands points
    ("1.234,56", "1234,5", "1.500") and amounts with a decimal point ("1234.56"), with at
    most two decimals, optionally followed by "€" or "EUR". A point followed by exactly
    three digits and no comma ("1.500") is a thousands separator, as a German reads it.
    """
    text = re.sub(r"\s|€|EUR", "", text or "", flags=re.IGNORECASE)
    if GERMAN_AMOUNT.match(text):
        return float(Decimal(text.replace(".", "").replace(",", ".")))
    if POINT_AMOUNT.match(text):
        return float(Decimal(text))
    return None


class BudgetPortal(CustomerPortal):
    """The Träger's order budgets and budget projects in the portal.

    Records are looked up through the portal user's environment, so the record rules
    decide what exists; anything of another Träger answers 404. Requests and approvals
    are written by the model's own checks (as superuser, since portal users cannot write),
    after the user's access to the budget or call was established.
    """

    def _get_traeger(self):
        return request.env.user.partner_id.ksm_acting_for_traeger()

    def _own_record_get(self, model, record_id, partner_field):
        """The record of the user's Träger (``partner_field``), if the user may read it;
        else NotFound."""
        return record_or_404(model, record_id, [(partner_field, "=", self._get_traeger().id)])

    def _get_budget_project_domain(self):
        return [("ksm_partner_id", "=", self._get_traeger().id),
                ("ksm_order_budget_id", "!=", False)]

    # ------------------------------------------------------------------ order budgets

    @http.route(["/my/order-budgets"], type="http", auth="user", website=True)
    def portal_my_order_budgets(self, **kw):
        values = self._prepare_portal_layout_values()
        budgets = request.env["ksm.order.budget"].search(
            [("partner_id", "=", self._get_traeger().id)])
        values.update({
            "budgets": budgets,
            "page_name": "order_budget",
            "default_url": "/my/order-budgets",
        })
        return request.render("ksm_order_budget.portal_my_order_budgets", values)

    def _prepare_order_budget_values(self, budget, **kwargs):
        partner = request.env.user.partner_id
        return dict(kwargs, **{
            "page_name": "order_budget",
            "budget": budget,
            "calls": budget.call_ids,
            "can_approve": partner.ksm_role_signatory and
            partner.ksm_acting_for_traeger() == budget.partner_id,
        })

    @http.route(["/my/order-budgets/<int:budget_id>"], type="http", auth="user",
                website=True)
    def portal_order_budget(self, budget_id, requested=None, approved=None, refused=None,
                            **kw):
        budget = self._own_record_get("ksm.order.budget", budget_id, "partner_id")
        values = self._prepare_order_budget_values(
            budget, requested=requested, approved=approved, refused=refused)
        return request.render("ksm_order_budget.portal_order_budget_page", values)

    @http.route(["/my/order-budgets/<int:budget_id>/call"], type="http", auth="user",
                methods=["GET", "POST"], website=True)
    def portal_order_budget_call(self, budget_id, **post):
        """The form to request a call; nothing is saved unless every value is valid."""
        budget = self._own_record_get("ksm.order.budget", budget_id, "partner_id")
        values = {"page_name": "order_budget", "budget": budget, "errors": {},
                  "description": "", "amount": "", "note": ""}
        if request.httprequest.method != "POST":
            return request.render("ksm_order_budget.portal_order_call_form", values)
        description = (post.get("description") or "").strip()
        note = (post.get("note") or "").strip()
        values.update(description=description, amount=post.get("amount") or "", note=note)
        errors = values["errors"]
        if not description:
            errors["description"] = _("Describe what you order.")
        else:
            try:  # the form's maxlength, checked as the model checks it
                request.env["ksm.order.call"]._check_name_length(description)
            except UserError as refusal:
                errors["description"] = refusal.name
        amount = parse_amount(post.get("amount"))
        if amount is None:
            errors["amount"] = _("Enter the amount in euros, with at most two decimals, "
                                 "e.g. 1.234,56.")
        elif amount <= 0:
            errors["amount"] = _("The amount must be greater than zero.")
        if not errors:
            try:
                with request.env.cr.savepoint():
                    call = budget.sudo()._request_call(
                        description, amount, request.env.user.partner_id, note=note)
            except UserError as refusal:
                errors["form"] = refusal.name
            else:
                return request.redirect(
                    "/my/order-budgets/%d?requested=%d" % (budget.id, call.id))
        return request.render("ksm_order_budget.portal_order_call_form", values, status=400)

    def _decide_call(self, call_id, decision, *args):
        """Approve or refuse a call as the Träger's signatory; back to its budget."""
        call = self._own_record_get("ksm.order.call", call_id, "partner_id")
        signatory = request.env.user.partner_id
        try:
            with request.env.cr.savepoint():
                # the user may read the call; the model checks that the user is a signatory
                getattr(call.sudo(), decision)(signatory, *args)
        except UserError as refusal:
            values = self._prepare_order_budget_values(call.budget_id, error=refusal.name)
            return request.render("ksm_order_budget.portal_order_budget_page", values,
                                  status=403)
        answer = "approved" if decision == "_approve" else "refused"
        return request.redirect("/my/order-budgets/%d?%s=%d" % (
            call.budget_id.id, answer, call.id))

    @http.route(["/my/order-calls/<int:call_id>/approve"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_order_call_approve(self, call_id, **post):
        return self._decide_call(call_id, "_approve")

    @http.route(["/my/order-calls/<int:call_id>/refuse"], type="http", auth="user",
                methods=["POST"], website=True)
    def portal_order_call_refuse(self, call_id, reason=None, **post):
        return self._decide_call(call_id, "_refuse", reason)

    @http.route(["/my/order-calls/<int:call_id>"], type="http", auth="user", website=True)
    def portal_order_call(self, call_id, **kw):
        call = self._own_record_get("ksm.order.call", call_id, "partner_id")
        values = self._prepare_order_budget_values(call.budget_id)
        # the timesheets of a call the user may see
        values.update({
            "order_call": call,
            "timesheets": call.sudo().timesheet_ids.sorted(lambda line: (line.date, line.id)),
        })
        return request.render("ksm_order_budget.portal_order_call_page", values)

    # ------------------------------------------------------------------ budget projects

    @http.route(["/my/budget-projects"], type="http", auth="user", website=True)
    def portal_my_budget_projects(self, **kw):
        values = self._prepare_portal_layout_values()
        projects = request.env["project.project"].search(
            self._get_budget_project_domain(), order="name")
        values.update({
            "projects": projects,
            "page_name": "budget_project",
            "default_url": "/my/budget-projects",
        })
        return request.render("ksm_order_budget.portal_my_budget_projects", values)

    @http.route(["/my/budget-projects/<int:project_id>"], type="http", auth="user",
                website=True)
    def portal_budget_project(self, project_id, **kw):
        project = self._own_record_get("project.project", project_id, "ksm_partner_id")
        if not project.ksm_order_call_id:
            raise NotFound()
        # the timesheets of a project the user may see, counted for its call
        timesheets = project.sudo().ksm_order_call_id.timesheet_ids.sorted(
            lambda line: (line.date, line.id))
        values = {
            "page_name": "budget_project",
            "budget_project": project,
            "timesheets": timesheets,
        }
        return request.render("ksm_order_budget.portal_budget_project_page", values)
