from odoo.addons.ksm_base.controllers.portal_home import PortalHome


class SchoolHome(PortalHome):
    """The counter of the user's schools on the portal home."""

    def _prepare_home_counters_schools(self):
        return {"school_count": self._home_count("ksm.school", [])}
