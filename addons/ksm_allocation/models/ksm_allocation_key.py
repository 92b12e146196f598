from odoo import _, api, fields, models
from odoo.tools.misc import formatLang


class KsmAllocationKey(models.Model):
    """A measure of use by which a cost pool is distributed over the Träger.

    Keys measure what a Träger uses (workstations, user accounts, servers, schools,
    licences), never its size (inhabitants). Their bounds make quantity reports
    plausible: a quantity above ``max_quantity`` is refused, and a Träger may not report
    a change against its previous year beyond ``max_change_percent`` without KSM.
    """

    _name = "ksm.allocation.key"
    _description = "Allocation key"
    _order = "sequence, name"

    name = fields.Char(required=True, help="E.g. IT workstations.")
    code = fields.Char(required=True, help="Short unique code, e.g. ITAP.")
    sequence = fields.Integer(default=10)
    unit = fields.Char(required=True, help="What is counted, singular, e.g. workstation.")
    description = fields.Text(
        help="What counts as one unit and on which day it is counted; shown to the "
             "Träger next to the quantity they report.")
    max_quantity = fields.Integer(
        string="Maximum quantity", required=True, default=10000,
        help="The largest plausible quantity of one Träger; larger reports are refused.")
    max_change_percent = fields.Integer(
        string="Maximum change (%)",
        help="The largest plausible change against the Träger's confirmed quantity of "
             "the previous year, in percent. A Träger cannot report a larger change in "
             "the portal; KSM can enter it after checking it. Empty: no limit.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of an allocation key must be unique."),
        ("max_quantity_positive", "check(max_quantity > 0)",
         "The maximum quantity of an allocation key must be positive."),
        ("max_change_percent_positive",
         "check(max_change_percent IS NULL OR max_change_percent >= 0)",
         "The maximum change of an allocation key must not be negative."),
    ]

    @api.multi
    def _over_limit_message(self):
        self.ensure_one()
        return _("%(key)s: the quantity is over the limit of %(max)s; please check the "
                 "figure.") % {"key": self.name,
                               "max": formatLang(self.env, self.max_quantity, digits=0)}

    @api.multi
    def _quantity_problem(self, quantity, previous_quantity=None):
        """What is wrong with ``quantity`` for this key (a translated sentence), or None.

        ``previous_quantity``: the Träger's confirmed quantity of the previous year,
        checked against ``max_change_percent`` when given and positive.
        """
        self.ensure_one()
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
            return _("%(key)s: the quantity must be a whole number from 0 to %(max)d.") % {
                "key": self.name, "max": self.max_quantity}
        if quantity > self.max_quantity:
            return self._over_limit_message()
        if self.max_change_percent and previous_quantity:
            if abs(quantity - previous_quantity) * 100 > \
                    self.max_change_percent * previous_quantity:
                return _("%(key)s: %(quantity)d differs from last year's confirmed quantity "
                         "%(previous)d by more than %(percent)d %%. Please check the figure; "
                         "if it is right, ask KSM to enter it.") % {
                    "key": self.name, "quantity": quantity,
                    "previous": previous_quantity, "percent": self.max_change_percent}
        return None
