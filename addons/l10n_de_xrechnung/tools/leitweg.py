"""The Leitweg-ID of German public buyers, validated as KoSIT specifies it.

Free of Odoo: the messages are English, marked for Odoo's translation export, and
translated by the caller where they are shown.
"""
import re

# Leitweg-ID (KoSIT, "Formatspezifikation Leitweg-ID" 2.0.x):
#   coarse address  2-12 digits (the first two: Land or federal code)
#   fine address    optional, 1-30 letters or digits
#   check digits    2 digits, ISO/IEC 7064 MOD 97-10 over coarse + fine address
LEITWEG_PATTERN = re.compile(
    r"^(?P<coarse>[0-9]{2,12})(?:-(?P<fine>[0-9A-Za-z]{1,30}))?-(?P<check>[0-9]{2})$")


def _(message):
    """Marks ``message`` for Odoo's translation export (which collects ``_("...")``);
    the caller translates it where it is shown."""
    return message


LEITWEG_BAD_FORMAT = _(
    "format: 2-12 digits, optionally a hyphen and up to 30 letters or digits, "
    "a hyphen and 2 check digits (e.g. 04011000-12345-03)")
LEITWEG_BAD_CHECK_DIGITS = _("check digits: expected %s")


def _mod97(text):
    """ISO/IEC 7064 MOD 97-10 remainder; letters count as 10 (A) to 35 (Z)."""
    return int("".join(str(int(char, 36)) for char in text.upper())) % 97


def leitweg_check_digits(coarse, fine=""):
    """The two check digits for a coarse and optional fine address."""
    return "%02d" % (98 - _mod97(coarse + (fine or "") + "00"))


def leitweg_id_problem(value):
    """None when ``value`` is a valid Leitweg-ID, else ``(message, arguments)``: an
    English message (to translate) and the arguments to format it with."""
    match = LEITWEG_PATTERN.match(value or "")
    if not match:
        return LEITWEG_BAD_FORMAT, ()
    coarse, fine, check = match.group("coarse", "fine", "check")
    if _mod97(coarse + (fine or "") + check) != 1:
        return LEITWEG_BAD_CHECK_DIGITS, (leitweg_check_digits(coarse, fine),)
    return None


def check_leitweg_id(value):
    """None when ``value`` is a valid Leitweg-ID, otherwise what is wrong (English)."""
    problem = leitweg_id_problem(value)
    return problem and problem[0] % problem[1]
