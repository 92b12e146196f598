"""Official identifiers of German public bodies, validated as their issuers specify.

The Leitweg-ID (e-invoices) is validated by l10n_de_xrechnung (its ``tools``).
"""
import re

# Amtlicher Gemeindeschlüssel: 2 digits Land (01-16), 1 Regierungsbezirk, 2 Kreis,
# 3 Gemeinde.
AGS_PATTERN = re.compile(r"^(?P<land>0[1-9]|1[0-6])[0-9]{6}$")


def _(message):
    """Marks ``message`` for Odoo's translation export (which collects ``_("...")``);
    the caller translates it where it is shown (this module stays free of Odoo)."""
    return message


AGS_BAD_FORMAT = _("8 digits")
AGS_BAD_LAND = _("the first two digits name the Land: 01 to 16")


def ags_problem(value):
    """None when ``value`` is a valid Amtlicher Gemeindeschlüssel, else
    ``(message, arguments)``: an English message (to translate) and the arguments
    to format it with."""
    if not re.match(r"^[0-9]{8}$", value or ""):
        return AGS_BAD_FORMAT, ()
    if not AGS_PATTERN.match(value):
        return AGS_BAD_LAND, ()
    return None


def check_ags(value):
    """None when ``value`` is a valid Amtlicher Gemeindeschlüssel, else what is wrong."""
    problem = ags_problem(value)
    return problem and problem[0] % problem[1]
