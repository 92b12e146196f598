"""When the services of a service sheet are invoiced, and how much each time.

A sheet line costs its subtotal over its period (whole months for recurring services).
Its **billing periods** follow its rhythm: calendar months, quarters or years, cut to
the line's period; a one-time service has one billing period, the line's period. The
subtotal is distributed over the billing periods in proportion to their months by the
largest remainder method, in whole cents, so that the parts add up to the subtotal
exactly: twelve monthly parts of 1.000,00 € are 83,34 € four times and 83,33 € eight
times.

A billing period is **due** in every invoice run whose period ends on or after the
billing period's first day (invoicing in advance); the run invoices what is due and not
invoiced yet. So the January run invoices the year of the yearly services, the first
quarter of the quarterly ones and January of the monthly ones; a quarter or year run
invoices everything that starts in it.

Apart from the project's one largest remainder method (ksm_membership's
``tools.allocation``) the module uses nothing of Odoo. Dates are
:class:`datetime.date`, amounts whole cents.
"""
import calendar
from datetime import date

from odoo.addons.ksm_base.tools.allocation import allocate

RHYTHM_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
RUN_PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}


def month_end(year, month):
    return date(year, month, calendar.monthrange(year, month)[1])


def run_period(period_type, year, number=1):
    """First and last day of an invoice run's period.

    :param str period_type: ``month``, ``quarter`` or ``year``
    :param int number: the month (1-12) or the quarter (1-4); ignored for a year
    """
    months = RUN_PERIOD_MONTHS[period_type]
    if period_type == "year":
        number = 1
    if not 1 <= number <= 12 // months:
        raise ValueError("a %s has no number %s" % (period_type, number))
    first_month = (number - 1) * months + 1
    return date(year, first_month, 1), month_end(year, first_month + months - 1)


def billing_periods(date_from, date_to, rhythm):
    """The billing periods of a service from ``date_from`` to ``date_to``.

    :returns: list of (first day, last day, months): calendar months, quarters or
        years cut to the period; a one-time service has one period of weight 1
    """
    if rhythm == "once":
        return [(date_from, date_to, 1)]
    step = RHYTHM_MONTHS[rhythm]
    periods = []
    year, month = date_from.year, date_from.month
    while date(year, month, 1) <= date_to:
        # the calendar period (month, quarter, year) this month belongs to
        last_month = ((month - 1) // step + 1) * step
        start = max(date(year, month, 1), date_from)
        end = min(month_end(year, last_month), date_to)
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        periods.append((start, end, months))
        year, month = (year + 1, 1) if last_month == 12 else (year, last_month + 1)
    return periods


def split_cents(total_cents, weights):
    """Distribute ``total_cents`` over ``weights`` by the largest remainder method
    (:func:`~odoo.addons.ksm_base.tools.allocation.allocate`: on a tie the larger
    weight, then the earlier part gets the cent).

    :param int total_cents: the amount in cents (not negative)
    :param list weights: positive integers
    :returns: list of cents, one per weight, adding up to ``total_cents``
    """
    if total_cents < 0 or not weights or any(weight <= 0 for weight in weights):
        raise ValueError("cannot split %r cents over %r" % (total_cents, weights))
    parts = allocate(total_cents, dict(enumerate(weights)))
    return [parts[index] for index in range(len(weights))]


def schedule(date_from, date_to, rhythm, total_cents):
    """The billing periods of a service with their amounts.

    :returns: list of (first day, last day, cents); the cents add up to ``total_cents``
    """
    periods = billing_periods(date_from, date_to, rhythm)
    cents = split_cents(total_cents, [months for __, __, months in periods])
    return [(start, end, amount) for (start, end, __), amount in zip(periods, cents)]


def due_parts(date_from, date_to, rhythm, total_cents, run_end):
    """The billing periods of a service that are due in a run ending on ``run_end``."""
    return [part for part in schedule(date_from, date_to, rhythm, total_cents)
            if part[0] <= run_end]
