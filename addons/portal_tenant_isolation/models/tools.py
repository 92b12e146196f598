"""What a portal or public user may do with Odoo's mail records, in one place."""
from odoo import SUPERUSER_ID, _
from odoo.exceptions import AccessError


def is_outside_user(env):
    """Whether ``env`` acts for a user outside the company (portal or public): not the
    superuser, not an employee."""
    return env.uid != SUPERUSER_ID and not env.user.has_group("base.group_user")


def check_document_readable(env, model, res_id):
    """Refuse (AccessError) unless the user of ``env`` may read record ``res_id`` of
    ``model``: access rights and record rules, as that user."""
    if not model or model not in env or not res_id:
        raise AccessError(_("This document does not exist or you may not read it."))
    record = env[model].browse(res_id)
    if not record.exists():
        raise AccessError(_("This document does not exist or you may not read it."))
    record.check_access_rights("read")
    record.check_access_rule("read")


def refuse_fields(env, vals, fields, message):
    """Refuse (AccessError with ``message``) an outside user's change of any of
    ``fields`` (a message's document, a follower's partner, ...)."""
    if any(field in vals for field in fields) and is_outside_user(env):
        raise AccessError(message)


def check_attachments_readable(env, commands):
    """Refuse (AccessError) x2many ``commands`` that link attachments the user of ``env``
    may not read (another customer's invoice PDF added to one's own message)."""
    ids = set()
    for command in commands or ():
        if isinstance(command, int):
            ids.add(command)
        elif command and command[0] == 4:
            ids.add(command[1])
        elif command and command[0] == 6:
            ids.update(command[2] or ())
    if not ids:
        return
    attachments = env["ir.attachment"].browse(list(ids))
    if len(attachments.exists()) != len(ids):
        raise AccessError(_("This document does not exist or you may not read it."))
    attachments.check("read")
