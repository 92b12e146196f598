from . import models

ODOO_PARTNER_RULE = "[('id', 'child_of', user.commercial_partner_id.id)]"


def uninstall_hook(cr, registry):
    """Give Odoo's rule of the partners back its own domain: the path it compares
    leaves with this module."""
    cr.execute("""
        UPDATE ir_rule SET domain_force = %s WHERE id = (
            SELECT res_id FROM ir_model_data
            WHERE module = 'base' AND name = 'res_partner_portal_public_rule')
    """, [ODOO_PARTNER_RULE])
