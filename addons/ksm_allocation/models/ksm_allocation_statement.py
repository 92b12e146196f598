from odoo import _, api, fields, models
from odoo.tools.misc import format_date


class KsmAllocationStatement(models.AbstractModel):
    """The cost allocation statement of a Träger for a year: all its shares of the
    allocated cost pools of that year, whichever of its lines were printed."""

    _name = "report.ksm_allocation.report_allocation_statement"
    _description = "Cost allocation statement"

    @api.model
    def get_report_values(self, docids, data=None):
        printed = self.env["ksm.allocation.line"].browse(docids)
        statements = [self._prepare_statement(partner, year) for partner, year in sorted(
            {(line.partner_id, line.year) for line in printed},
            key=lambda partner_year: (partner_year[0].name, partner_year[1]))]
        return {
            "doc_ids": docids,
            "doc_model": "ksm.allocation.line",
            "docs": printed,
            "statements": statements,
        }

    @api.model
    def _prepare_statement(self, partner, year):
        lines = self.env["ksm.allocation.line"].search(
            [("partner_id", "=", partner.id), ("year", "=", year),
             ("pool_state", "!=", "draft")])
        currency = lines[:1].currency_id
        return {
            "partner": partner,
            "year": year,
            "lines": lines,
            "first_line": lines[:1],
            "total": currency.round(sum(lines.mapped("amount"))) if currency else 0.0,
            "currency": currency,
            "provisional": any(line.pool_state != "locked" for line in lines),
            "information": self.with_context(
                lang=partner.lang or self.env.lang)._prepare_information(partner, year),
        }

    @api.model
    def _prepare_information(self, partner, year):
        """The information block of the statement."""
        rows = [(_("Cost allocation"), str(year))]
        if partner.ref:
            rows.append((_("Customer no."), partner.ref))
        rows.append((_("Date"), format_date(self.env, fields.Date.context_today(self))))
        return rows
