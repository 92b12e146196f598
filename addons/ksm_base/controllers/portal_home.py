from odoo import http
from odoo.http import request
from odoo.tools.misc import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal

CARD_PREFIX = "_prepare_home_card_"


class PortalHome(CustomerPortal):
    """The cards with the key figures of a Träger on the portal home (/my).

    A card is a dict:

    - ``sequence``: order of the cards;
    - ``title``, ``figure`` (the key figure, text), ``detail`` (a line under it);
    - ``amount`` and ``currency`` (optional): a sum of money shown under the figure;
    - ``url`` and ``link_label``: the page with the details; ``actions``: further
      links as (label, url); ``button`` (optional): the card's main action as
      (label, url);
    - ``level``: Bootstrap's context of the card (default, success, info, warning,
      danger);
    - ``progress`` (optional): a bar, percent from 0 to 100.

    A module adds its card by defining a method ``_prepare_home_card_<name>`` (returning
    the card, or None for no card) on a subclass. Every figure is counted through the
    user's environment, so a card shows what the record rules let the user see, as the
    list behind its link does.
    """

    @http.route()
    def home(self, **kw):
        response = super(PortalHome, self).home(**kw)
        cards = self._prepare_home_cards()
        response.qcontext["ksm_home_cards"] = sorted(cards, key=lambda card: card["sequence"])
        return response

    def _prepare_home_cards(self):
        cards = (getattr(self, name)() for name in dir(self) if name.startswith(CARD_PREFIX))
        return [card for card in cards if card]

    def _home_organisation(self):
        return request.env.user.partner_id.commercial_partner_id

    def _home_date(self, value):
        return format_date(request.env, value, lang_code=request.env.user.lang)
