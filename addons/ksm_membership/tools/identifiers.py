"""Official identifiers of German public bodies, validated as their issuers specify."""
import re

# Leitweg-ID (KoSIT, "Formatspezifikation Leitweg-ID" 2.0.x):
#   coarse address  2-12 digits (the first two: Land or federal code)
#   fine address    optional, 1-30 letters or digits
#   check digits    2 digits, ISO/IEC 7064 MOD 97-10 over coarse + fine address
LEITWEG_PATTERN = re.compile(
    r"^(?P<coarse>[0-9]{2,12})(?:-(?P<fine>[0-9A-Za-z]{1,30}))?-(?P<check>[0-9]{2})$")

# Amtlicher Gemeindeschlüssel: 2 digits Land (01-16), 1 Regierungsbezirk, 2 Kreis,
# 3 Gemeinde.
AGS_PATTERN = re.compile(r"^(?P<land>0[1-9]|1[0-6])[0-9]{6}$")


def _(message):
    """Marks ``message`` for Odoo's translation export (which collects ``_("...")``);
    the caller translates it where it is shown (this module stays free of Odoo)."""
    return message


LEITWEG_BAD_FORMAT = _(
    "format: 2-12 digits, optionally a hyphen and up to 30 letters or digits, "
    "a hyphen and 2 check digits (e.g. 04011000-12345-03)")
LEITWEG_BAD_CHECK_DIGITS = _("check digits: expected %s")
AGS_BAD_FORMAT = _("8 digits")
AGS_BAD_LAND = _("the first two digits name the Land: 01 to 16")


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


def ags_problem(value):
    """None when ``value`` is a valid Amtlicher Gemeindeschlüssel, else
    ``(message, arguments)`` like :func:`leitweg_id_problem`."""
    if not re.match(r"^[0-9]{8}$", value or ""):
        return AGS_BAD_FORMAT, ()
    if not AGS_PATTERN.match(value):
        return AGS_BAD_LAND, ()
    return None


def check_leitweg_id(value):
    """None when ``value`` is a valid Leitweg-ID, otherwise what is wrong (English)."""
    problem = leitweg_id_problem(value)
    return problem and problem[0] % problem[1]


def check_ags(value):
    """None when ``value`` is a valid Amtlicher Gemeindeschlüssel, else what is wrong."""
    problem = ags_problem(value)
    return problem and problem[0] % problem[1]
