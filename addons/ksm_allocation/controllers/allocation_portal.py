"""Portal pages of the cost allocation: the Träger's quantity reports and statements.

Everything is looked up through the portal user's own environment, for the user's own
Träger (``ksm_acting_for_traeger``); the record rules hold as well. What belongs to no
Träger of the user answers 404.
"""
import re

from werkzeug.exceptions import Forbidden, NotFound

from odoo import _, fields, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from odoo.addons.ksm_base.controllers.helpers import pdf_response
from odoo.addons.portal.controllers.portal import CustomerPortal

from ..models.ksm_cost_pool import FIRST_YEAR
from ..models.ksm_quantity_report import TRAEGER_EDITABLE_STATES

QUANTITY_FIELD = re.compile(r"^quantity_(?P<key_id>.*)$")
WHOLE_NUMBER = re.compile(r"^[0-9]{1,9}$")


class AllocationPortal(CustomerPortal):

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _ksm_traeger():
        """The portal user's Träger, or an empty recordset."""
        return request.env.user.partner_id.ksm_acting_for_traeger()

    def _ksm_traeger_or_404(self):
        traeger = self._ksm_traeger()
        if not traeger:
            raise NotFound()
        return traeger

    @staticmethod
    def _ksm_check_year(year):
        this_year = fields.Date.from_string(fields.Date.today()).year
        if not FIRST_YEAR <= year <= this_year + 1:
            raise NotFound()

    @staticmethod
    def _ksm_statement_lines(traeger, year=None):
        domain = [("partner_id", "=", traeger.id), ("pool_state", "!=", "draft")]
        if year:
            domain.append(("year", "=", year))
        return request.env["ksm.allocation.line"].search(domain)

    # ------------------------------------------------------------------ quantities
    @http.route(["/my/quantities"], type="http", auth="user", website=True)
    def portal_my_quantities(self, **kw):
        traeger = self._ksm_traeger_or_404()
        reports = request.env["ksm.quantity.report"].search(
            [("partner_id", "=", traeger.id)])
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_quantities",
            "traeger": traeger,
            "years": self._ksm_quantity_years(reports),
            "reports_by_year": {year: reports.filtered(lambda r: r.year == year)
                                for year in set(reports.mapped("year"))},
            "statement_years": set(self._ksm_statement_lines(traeger).mapped("year")),
        })
        return request.render("ksm_allocation.portal_my_quantities", values)

    @staticmethod
    def _ksm_quantity_years(reports):
        """The years to show: those reported, last year, and those KSM prepares cost
        pools for (only their years are read)."""
        this_year = fields.Date.from_string(fields.Date.today()).year
        open_years = request.env["ksm.cost.pool"].sudo().read_group(
            [("state", "=", "draft")], ["year"], ["year"])
        years = set(reports.mapped("year")) | {this_year - 1} | {
            group["year"] for group in open_years if group["year"]}
        return sorted(years, reverse=True)

    @http.route(["/my/quantities/<int:year>"], type="http", auth="user", website=True,
                methods=["GET"])
    def portal_my_quantity_form(self, year, **kw):
        traeger = self._ksm_traeger_or_404()
        self._ksm_check_year(year)
        values = self._ksm_quantity_form_values(traeger, year)
        values.update({"saved": kw.get("saved"), "submitted": kw.get("submitted"),
                       "withdrawn": kw.get("withdrawn")})
        return request.render("ksm_allocation.portal_my_quantity_form", values)

    @http.route(["/my/quantities/<int:year>"], type="http", auth="user", website=True,
                methods=["POST"])
    def portal_my_quantity_form_post(self, year, **post):
        """Save (and with ``submit``, submit) the year's quantities: everything is
        checked first; on any problem the form comes back with the messages and
        nothing is saved."""
        traeger = self._ksm_traeger_or_404()
        self._ksm_check_year(year)
        Report = request.env["ksm.quantity.report"]
        if not Report._may_report_quantities():
            raise Forbidden()
        submit = bool(post.get("submit"))
        values = self._ksm_quantity_form_values(traeger, year)
        quantities, errors, general_errors = self._ksm_validate_quantities(
            values["rows"], post, submit)
        notes = self._ksm_validate_notes(values["rows"], post, errors)
        if not errors and not general_errors:
            try:
                with request.env.cr.savepoint():
                    self._ksm_save_quantities(traeger, year, values["rows"], quantities,
                                              submit, notes)
            except (AccessError, UserError, ValidationError) as error:
                general_errors.append(error.name)
            else:
                return request.redirect("/my/quantities/%d?%s=1" % (
                    year, "submitted" if submit else "saved"))
        values.update({
            "errors": errors,
            "general_errors": general_errors,
            "posted": {key: post.get("quantity_%d" % key.id, "")
                       for key in (row["key"] for row in values["rows"])},
            "posted_notes": {key: post.get("note_%d" % key.id, "")
                             for key in (row["key"] for row in values["rows"])},
        })
        return request.render("ksm_allocation.portal_my_quantity_form", values)

    @http.route(["/my/quantities/<int:year>/withdraw"], type="http", auth="user",
                website=True, methods=["POST"])
    def portal_my_quantities_withdraw(self, year, **post):
        """Take the year's submitted reports back before KSM confirms them."""
        traeger = self._ksm_traeger_or_404()
        self._ksm_check_year(year)
        Report = request.env["ksm.quantity.report"]
        if not Report._may_report_quantities():
            raise Forbidden()
        reports = Report.search([("partner_id", "=", traeger.id), ("year", "=", year),
                                 ("state", "=", "submitted")])
        try:
            if not reports:
                raise UserError(_("No quantity of %d is waiting for KSM: there is nothing "
                                  "to withdraw.") % year)
            with request.env.cr.savepoint():
                reports.action_withdraw()
        except (AccessError, UserError) as error:
            values = self._ksm_quantity_form_values(traeger, year)
            values["general_errors"] = [error.name]
            return request.render("ksm_allocation.portal_my_quantity_form", values,
                                  status=400)
        return request.redirect("/my/quantities/%d?withdrawn=1" % year)

    def _ksm_quantity_form_values(self, traeger, year):
        Report = request.env["ksm.quantity.report"]
        reports = Report.search([("partner_id", "=", traeger.id), ("year", "=", year)])
        keys = request.env["ksm.allocation.key"].search([]) | reports.mapped("key_id")
        previous = Report.search([("partner_id", "=", traeger.id), ("year", "=", year - 1),
                                  ("state", "=", "confirmed")])
        may_report = Report._may_report_quantities()
        rows = []
        for key in keys.sorted(lambda key: (key.sequence, key.name)):
            report = reports.filtered(lambda r: r.key_id == key)
            rows.append({
                "key": key,
                "report": report,
                "previous": previous.filtered(lambda r: r.key_id == key),
                "editable": may_report and (
                    not report or report.state in TRAEGER_EDITABLE_STATES),
            })
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_quantity_form",
            "traeger": traeger,
            "year": year,
            "rows": rows,
            "may_report": may_report,
            "can_submit": any(row["editable"] for row in rows),
            "can_withdraw": may_report and any(
                row["report"].state == "submitted" for row in rows if row["report"]),
            "errors": {},
            "general_errors": [],
            "posted": {},
            "posted_notes": {},
        })
        return values

    @staticmethod
    def _ksm_validate_quantities(rows, post, submit):
        """({key: quantity} to save, {key: message}, [messages]) from the posted form."""
        rows_by_key_id = {str(row["key"].id): row for row in rows}
        general_errors = [
            _("The form names an allocation key that does not exist (%s). Please reload "
              "the page.") % match.group("key_id")
            for match in filter(None, map(QUANTITY_FIELD.match, post))
            if match.group("key_id") not in rows_by_key_id]
        quantities, errors = {}, {}
        for row in rows:
            key, report = row["key"], row["report"]
            raw = (post.get("quantity_%d" % key.id) or "").strip()
            if not row["editable"]:
                if raw and report and raw != str(report.quantity):
                    errors[key] = report._frozen_message()
                continue
            if not raw:
                if submit or report:
                    errors[key] = _("Please enter the quantity (0 if there is none).")
                continue
            if raw.isdigit() and raw.isascii() and not WHOLE_NUMBER.match(raw):
                errors[key] = key._over_limit_message()  # too many digits
                continue
            if not WHOLE_NUMBER.match(raw):
                errors[key] = _("Please enter a whole number without sign, decimals or "
                                "thousands separators (e.g. 42).") if not \
                    raw.startswith("-") else _("The quantity must not be negative.")
                continue
            problem = key._quantity_problem(int(raw), row["previous"].quantity)
            if problem:
                errors[key] = problem
                continue
            quantities[key] = int(raw)
        return quantities, errors, general_errors

    @staticmethod
    def _ksm_validate_notes(rows, post, errors):
        """{key: comment} of the editable rows; too long a comment is an error."""
        Report = request.env["ksm.quantity.report"]
        notes = {}
        for row in rows:
            key = row["key"]
            if not row["editable"]:
                continue
            note = (post.get("note_%d" % key.id) or "").strip()
            try:
                Report._check_note_length(note)
            except UserError as error:
                errors.setdefault(key, error.name)
                continue
            notes[key] = note or False
        return notes

    @staticmethod
    def _ksm_save_quantities(traeger, year, rows, quantities, submit, notes=None):
        Report = request.env["ksm.quantity.report"]
        reports = Report.browse()
        notes = notes or {}
        for row in rows:
            key, report = row["key"], row["report"]
            if key in quantities:
                if not report:
                    report = Report.create({"partner_id": traeger.id, "year": year,
                                            "key_id": key.id,
                                            "quantity": quantities[key],
                                            "note": notes.get(key, False)})
                else:
                    changes = {}
                    if report.quantity != quantities[key]:
                        changes["quantity"] = quantities[key]
                    if key in notes and (report.note or False) != notes[key]:
                        changes["note"] = notes[key]
                    if changes:
                        report.write(changes)
            reports |= report
        if submit:
            reports.filtered(lambda r: r.state in TRAEGER_EDITABLE_STATES).action_submit()

    # ------------------------------------------------------------------ statements
    @http.route(["/my/allocation"], type="http", auth="user", website=True)
    def portal_my_allocation(self, **kw):
        traeger = self._ksm_traeger_or_404()
        lines = self._ksm_statement_lines(traeger)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_allocation",
            "traeger": traeger,
            "statements": [{
                "year": year,
                "lines": lines.filtered(lambda line: line.year == year),
            } for year in sorted(set(lines.mapped("year")), reverse=True)],
        })
        return request.render("ksm_allocation.portal_my_allocation", values)

    @http.route(["/my/allocation/<int:year>"], type="http", auth="user", website=True)
    def portal_my_allocation_statement(self, year, **kw):
        traeger = self._ksm_traeger_or_404()
        lines = self._ksm_statement_lines(traeger, year)
        if not lines:
            raise NotFound()
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_allocation_statement",
            "traeger": traeger,
            "year": year,
            "lines": lines,
            "total": lines[0].currency_id.round(sum(lines.mapped("amount"))),
            "currency": lines[0].currency_id,
            "provisional": any(line.pool_state != "locked" for line in lines),
        })
        return request.render("ksm_allocation.portal_my_allocation_statement", values)

    @http.route(["/my/allocation/<int:year>/pdf"], type="http", auth="user", website=True)
    def portal_my_allocation_statement_pdf(self, year, **kw):
        traeger = self._ksm_traeger_or_404()
        lines = self._ksm_statement_lines(traeger, year)
        if not lines:
            raise NotFound()
        return pdf_response("ksm_allocation.action_report_ksm_allocation_statement", lines,
                            "%s %d - %s.pdf" % (_("Cost allocation"), year, traeger.name))
