"""Dates and times as KSM's documents and pages show them: in one time zone.

Odoo keeps datetimes in UTC. Everything a person reads (portal, back office, PDFs,
mails) shows them in the reader's time zone, which for KSM's users is Europe/Berlin
(``DEFAULT_TZ``, also what users without a time zone of their own get).
"""
from datetime import datetime

import pytz

from odoo import fields
from odoo.tools.misc import formatLang

DEFAULT_TZ = "Europe/Berlin"
# German names of the zones' abbreviations (a legal record names the zone)
GERMAN_ZONE_NAMES = {"CET": "MEZ", "CEST": "MESZ"}


def local_datetime(value, tz_name=None):
    """``value`` (UTC, a string or a naive datetime) as an aware datetime in ``tz_name``
    (default: Europe/Berlin)."""
    if isinstance(value, str):
        value = fields.Datetime.from_string(value)
    return pytz.UTC.localize(value).astimezone(pytz.timezone(tz_name or DEFAULT_TZ))


def local_today(tz_name=None):
    """Today's date in ``tz_name`` (default: Europe/Berlin), whatever the server's zone."""
    return datetime.now(pytz.timezone(tz_name or DEFAULT_TZ)).date()


def format_datetime(env, value, tz_name=None, seconds=False, with_zone=False):
    """``value`` (UTC) as the reader reads it, e.g. "17.04.2025 09:30" in the date format
    of the environment's language and in ``tz_name`` (default: the user's time zone,
    else Europe/Berlin); ``with_zone`` adds the zone ("MESZ"). Empty for no value."""
    if not value:
        return ""
    lang_code = env.context.get("lang") or env.user.lang or "en_US"
    lang = env["res.lang"]._lang_get(lang_code)
    date_format = lang.date_format if lang else "%m/%d/%Y"
    moment = local_datetime(value, tz_name or env.context.get("tz") or env.user.tz)
    text = moment.strftime("%s %s" % (date_format, "%H:%M:%S" if seconds else "%H:%M"))
    if with_zone:
        zone = moment.strftime("%Z")
        if lang_code.startswith("de"):
            zone = GERMAN_ZONE_NAMES.get(zone, zone)
        text = "%s %s" % (text, zone)
    return text


def format_amount(env, amount, currency):
    """``amount`` as the reader reads it: "1.140,00 €" in German, with ``currency``."""
    return formatLang(env, amount, currency_obj=currency)
