"""Public holidays of Mecklenburg-Vorpommern (Feiertagsgesetz M-V).

Pure functions without Odoo, so that they can be tested and reused anywhere.
"""
import datetime

# since 2023 the International Women's Day is a public holiday in Mecklenburg-Vorpommern
WOMENS_DAY_SINCE = 2023


def easter_sunday(year):
    """Easter Sunday of ``year`` in the Gregorian calendar.

    The "Anonymous Gregorian algorithm" (Meeus/Jones/Butcher), an integer-only form of
    Gauss's Easter formula.
    """
    golden = year % 19
    century, year_of_century = divmod(year, 100)
    leap_centuries, century_rest = divmod(century, 4)
    correction = (century + 8) // 25
    moon = (century - correction + 1) // 3
    epact = (19 * golden + century - leap_centuries - moon + 15) % 30
    leap_years, year_rest = divmod(year_of_century, 4)
    weekday = (32 + 2 * century_rest + 2 * leap_years - epact - year_rest) % 7
    offset = (golden + 11 * epact + 22 * weekday) // 451
    month, day = divmod(epact + weekday - 7 * offset + 114, 31)
    return datetime.date(year, month, day + 1)


def mv_public_holidays(year):
    """The public holidays of Mecklenburg-Vorpommern in ``year``.

    :return: list of (datetime.date, name) in the order of the year; the names are the
        holidays' official German names.
    """
    easter = easter_sunday(year)
    holidays = [
        (datetime.date(year, 1, 1), "Neujahr"),
        (easter - datetime.timedelta(days=2), "Karfreitag"),
        (easter + datetime.timedelta(days=1), "Ostermontag"),
        (datetime.date(year, 5, 1), "Tag der Arbeit"),
        (easter + datetime.timedelta(days=39), "Christi Himmelfahrt"),
        (easter + datetime.timedelta(days=50), "Pfingstmontag"),
        (datetime.date(year, 10, 3), "Tag der Deutschen Einheit"),
        (datetime.date(year, 10, 31), "Reformationstag"),
        (datetime.date(year, 12, 25), "1. Weihnachtsfeiertag"),
        (datetime.date(year, 12, 26), "2. Weihnachtsfeiertag"),
    ]
    if year >= WOMENS_DAY_SINCE:
        holidays.append((datetime.date(year, 3, 8), "Internationaler Frauentag"))
    return sorted(holidays)
