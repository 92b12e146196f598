import base64
import binascii

from odoo import SUPERUSER_ID, _, api, models
from odoo.exceptions import UserError

from ..upload_types import ALLOWED_MIMETYPES, sniff_mimetype


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model
    def check_upload(self, data, filename):
        """The type of the uploaded ``data`` (bytes) named ``filename``, recognised by its
        content; a UserError in German when the type is not on the allow-list."""
        mimetype = sniff_mimetype(data, filename)
        if mimetype not in ALLOWED_MIMETYPES:
            raise UserError(_(
                "The file %s cannot be uploaded: its content is not of an allowed type. "
                "Allowed are %s.") % (filename or "", self.upload_allowed_types()))
        return mimetype

    @api.model
    def upload_allowed_types(self):
        """The allowed types as people name them (for messages and forms)."""
        return ", ".join(sorted(set(ALLOWED_MIMETYPES.values())))

    def _upload_is_checked(self):
        """Uploads by portal and public users are checked; employees and the system
        (sudo) keep Odoo's own handling."""
        return self.env.uid != SUPERUSER_ID and not self.env.user.has_group("base.group_user")

    def _check_contents(self, values):
        if not self._upload_is_checked():
            return super(IrAttachment, self)._check_contents(values)
        values = dict(values)
        if values.get("type") == "url" or values.get("url"):
            raise UserError(_("Only files can be attached, no links."))
        if values.get("datas"):
            try:
                data = base64.b64decode(values["datas"])
            except (binascii.Error, ValueError, TypeError):
                raise UserError(_("The uploaded file could not be read."))
            filename = values.get("datas_fname") or values.get("name")
            # the type is what the content is: never what the uploader claims
            values["mimetype"] = self.check_upload(data, filename)
        else:
            values.pop("mimetype", None)
        return values
