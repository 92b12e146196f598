from odoo import api, fields, models
from odoo.tools import sql


class ResPartner(models.Model):
    _inherit = "res.partner"

    # The signup URL carries the partner's signup token: whoever reads it logs in as the
    # invitee. Like the token itself, it is for administrators only (invitation mails
    # are rendered without this check).
    signup_url = fields.Char(groups="base.group_erp_manager")
    parent_path = fields.Char(
        compute="_compute_parent_path", store=True, readonly=True,
        help="The ids from the root of the partner's tree down to the partner, each "
             "followed by a slash (as Odoo 12's parent_path): a partner's descendants "
             "are the partners whose path starts with its own.")

    @api.depends("parent_id.parent_path")
    def _compute_parent_path(self):
        """Odoo 11 resolves ``child_of`` on partners level by level, each level a query,
        in every search under a rule that uses it (the tenant rules of every portal
        page): the path makes the subtree one comparison, as ``(field.parent_path,
        '=like', path + '%')`` in the rules."""
        for partner in self:
            # a new record of a form's onchange has no id yet: no path before it is saved
            partner.parent_path = partner.id and "%s%d/" % (
                partner.parent_id.parent_path or "", partner.id)

    @api.model_cr
    def init(self):
        # the btree index answers LIKE 'prefix%' only with the pattern operator class
        sql.create_index(self.env.cr, "res_partner_parent_path_index", self._table,
                         ["parent_path text_pattern_ops"])

    @api.multi
    def write(self, vals):
        result = super(ResPartner, self).write(vals)
        if "parent_id" in vals:
            # the record rules' domains hold the user's path, evaluated and cached
            self.env["ir.rule"].clear_caches()
        return result

    @api.multi
    def _child_of_ids(self):
        """The ids of the partners and all their descendants (archived ones and theirs
        included): what ``(partner field, 'child_of', self.ids)`` stands for, in one
        query, for domains on other models that the record rules narrow anyway."""
        if not self:
            return []
        # the paths that start with a root's "12/" are those from "12/" up to "120"
        # (before it: "/" sorts right before the digits), a range the pattern index
        # answers for each root
        self.env.cr.execute("""
            SELECT DISTINCT child.id FROM res_partner root JOIN res_partner child
                ON child.parent_path ~>=~ root.parent_path
               AND child.parent_path ~<~ (left(root.parent_path, -1) || '0')
            WHERE root.id = ANY(%s)
        """, [self.ids])
        return [row[0] for row in self.env.cr.fetchall()]
