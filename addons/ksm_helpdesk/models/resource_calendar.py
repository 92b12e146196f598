import datetime

import pytz

from odoo import _, api, fields, models
from odoo.addons.base.res.res_partner import _tz_get
from odoo.addons.ksm_base.tools import DEFAULT_TZ
from odoo.addons.resource.models.resource import to_naive_user_tz
from odoo.exceptions import UserError

from ..tools import mv_public_holidays

# how far ahead a deadline is searched before the calendar is deemed to have no working time
MAX_PLANNING_DAYS = 400


class ResourceCalendar(models.Model):
    """Working hours with the public holidays of Mecklenburg-Vorpommern, used for the
    service level deadlines of tickets."""

    _inherit = "resource.calendar"

    ksm_tz = fields.Selection(
        _tz_get, string="Time zone", default=DEFAULT_TZ,
        help="The time zone of the working hours and holidays. Deadlines computed with "
             "this calendar follow it, whatever the time zone of the user.")
    ksm_mv_public_holidays = fields.Boolean(
        string="Public holidays of Mecklenburg-Vorpommern",
        help="The public holidays of Mecklenburg-Vorpommern are entered as leaves of "
             "this calendar for the current and the next year, and kept up to date "
             "every month.")

    @api.multi
    def ksm_plan_working_hours(self, start, hours):
        """The moment when ``hours`` working hours have passed after ``start``.

        Working time is the calendar's attendances less its global leaves (public
        holidays). A start outside the working time counts from the next working
        minute. Odoo's ``plan_hours`` is not used: it answers the start of the next
        working day instead of the end of the current one when the hours fill a day
        exactly.

        :param datetime.datetime start: naive UTC
        :param float hours: working hours, >= 0
        :return: naive UTC datetime
        """
        self.ensure_one()
        calendar = self.with_context(tz=self.ksm_tz or DEFAULT_TZ)
        remaining = datetime.timedelta(hours=hours)
        local_start = to_naive_user_tz(start, calendar.env.user)
        day, start_time = local_start.date(), local_start.time()
        for __ in range(MAX_PLANNING_DAYS):
            for interval in calendar._get_day_work_intervals(
                    day, start_time=start_time, compute_leaves=True):
                begin, end = interval[0], interval[1]
                if end - begin >= remaining:
                    return begin + remaining
                remaining -= end - begin
            day += datetime.timedelta(days=1)
            start_time = None
        raise UserError(_("The working hours %s have no working time in the next %d days: "
                          "check their attendances and leaves.") % (self.name, MAX_PLANNING_DAYS))

    @api.multi
    def ksm_update_public_holidays(self, years=None):
        """Enter the public holidays of Mecklenburg-Vorpommern of ``years`` (default:
        the current and the next year) as global leaves; holidays already entered
        (same start) are left alone, so that this can run any number of times."""
        if years is None:
            this_year = fields.Date.from_string(fields.Date.context_today(self)).year
            years = [this_year, this_year + 1]
        Leave = self.env["resource.calendar.leaves"]
        for calendar in self:
            tz_name = calendar.ksm_tz or DEFAULT_TZ
            existing = set(Leave.search([
                ("calendar_id", "=", calendar.id), ("resource_id", "=", False)]).mapped(
                "date_from"))
            for year in years:
                for day, name in mv_public_holidays(year):
                    values = calendar._prepare_ksm_holiday_leave(day, name, tz_name)
                    if values["date_from"] not in existing:
                        Leave.create(values)
        return True

    @api.multi
    def _prepare_ksm_holiday_leave(self, day, name, tz_name):
        """Values of the global leave for a public holiday: the whole local day."""
        self.ensure_one()
        tz = pytz.timezone(tz_name)

        def utc(moment):
            return fields.Datetime.to_string(
                tz.localize(moment).astimezone(pytz.UTC).replace(tzinfo=None))

        return {
            "name": name,
            "calendar_id": self.id,
            "resource_id": False,
            "tz": tz_name,
            "date_from": utc(datetime.datetime.combine(day, datetime.time.min)),
            "date_to": utc(datetime.datetime.combine(day, datetime.time(23, 59, 59))),
        }

    @api.multi
    def action_ksm_update_public_holidays(self):
        return self.ksm_update_public_holidays()

    @api.model
    def _cron_ksm_update_public_holidays(self):
        self.search([("ksm_mv_public_holidays", "=", True)]).ksm_update_public_holidays()
