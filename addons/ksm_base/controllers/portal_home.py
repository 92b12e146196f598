from odoo import http
from odoo.http import request
from odoo.tools.misc import format_date

from odoo.addons.portal.controllers.portal import CustomerPortal

CARD_PREFIX = "_prepare_home_card_"
COUNTERS_PREFIX = "_prepare_home_counters_"


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

    The counters of the home's list of documents ("Service sheets 3") come from methods
    ``_prepare_home_counters_<name>`` (returning a dict of template values), on the home
    only: Odoo's ``_prepare_portal_layout_values`` runs on every portal page, and
    counters there would cost every page their queries.
    """

    @http.route()
    def home(self, **kw):
        response = super(PortalHome, self).home(**kw)
        response.qcontext.update(self._prepare_home_counters())
        cards = self._prepare_home_cards()
        response.qcontext["ksm_home_cards"] = sorted(cards, key=lambda card: card["sequence"])
        return response

    def _prepare_home_cards(self):
        cards = (getattr(self, name)() for name in dir(self) if name.startswith(CARD_PREFIX))
        return [card for card in cards if card]

    def _prepare_home_counters(self):
        counters = {}
        for name in dir(self):
            if name.startswith(COUNTERS_PREFIX):
                counters.update(getattr(self, name)())
        return counters

    def _home_count(self, model, domain):
        """The number of ``model``'s records in ``domain`` the user may read (0 without
        read access to the model)."""
        Model = request.env[model]
        if not Model.check_access_rights("read", raise_exception=False):
            return 0
        return Model.search_count(domain)

    def _home_organisation(self):
        return request.env.user.partner_id.commercial_partner_id

    def _home_date(self, value):
        return format_date(request.env, value, lang_code=request.env.user.lang)
