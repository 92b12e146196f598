from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from odoo.addons.ksm_base.controllers.helpers import file_response, record_or_404
from odoo.addons.portal.controllers.portal import CustomerPortal

DOCUMENT_VARIANTS = {
    "clean": ("file_clean", "file_clean_name"),
    "tracked": ("file_tracked", "file_tracked_name"),
}


class MembershipPortal(CustomerPortal):
    """The Träger's membership on /my: its state, capital, documents, resolutions and
    transferred tasks.

    Records are looked up through the portal user's environment, so the record rules
    decide what exists for the user; anything else is answered with 404.
    """

    def _ksm_membership_domain(self):
        return [("partner_id", "=", request.env.user.partner_id.ksm_acting_for_traeger().id)]

    @http.route(["/my/membership"], type="http", auth="user", website=True)
    def portal_my_membership(self, **kw):
        if not request.env["ksm.membership"].check_access_rights(
                "read", raise_exception=False):
            raise NotFound()
        values = self._prepare_portal_layout_values()
        traeger = request.env.user.partner_id.ksm_acting_for_traeger()
        values.update({
            "page_name": "ksm_membership",
            "traeger": traeger,
            "memberships": request.env["ksm.membership"].search(
                self._ksm_membership_domain()),
            "resolutions": request.env["ksm.resolution"].search(
                [("partner_id", "=", traeger.id)]),
            "task_transfers": request.env["ksm.task.transfer"].search(
                [("partner_id", "=", traeger.id)]),
        })
        return request.render("ksm_membership.portal_my_membership", values)

    @http.route(["/my/membership/<int:membership_id>"], type="http", auth="user",
                website=True)
    def portal_my_membership_detail(self, membership_id, **kw):
        membership = record_or_404("ksm.membership", membership_id)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_membership",
            "membership": membership,
        })
        return request.render("ksm_membership.portal_membership_page", values)

    @http.route(["/my/membership/document/<int:version_id>/<string:variant>"],
                type="http", auth="user")
    def portal_membership_document(self, version_id, variant, **kw):
        if variant not in DOCUMENT_VARIANTS:
            raise NotFound()
        version = record_or_404("ksm.document.version", version_id)
        file_field, name_field = DOCUMENT_VARIANTS[variant]
        if not version[file_field]:
            raise NotFound()
        return file_response(version[file_field], version[name_field])

    @http.route(["/my/membership/resolution/<int:resolution_id>"], type="http",
                auth="user", website=True)
    def portal_membership_resolution(self, resolution_id, **kw):
        resolution = record_or_404("ksm.resolution", resolution_id)
        values = self._prepare_portal_layout_values()
        values.update({
            "page_name": "ksm_membership",
            "resolution": resolution,
            # the files of a resolution the user may read (checked above)
            "attachments": resolution.sudo().attachment_ids,
        })
        return request.render("ksm_membership.portal_resolution_page", values)

    @http.route(["/my/membership/resolution/<int:resolution_id>/file/<int:attachment_id>"],
                type="http", auth="user")
    def portal_membership_resolution_file(self, resolution_id, attachment_id, **kw):
        resolution = record_or_404("ksm.resolution", resolution_id)
        attachment = resolution.sudo().attachment_ids.filtered(
            lambda file: file.id == attachment_id)
        if not attachment or not attachment.datas:
            raise NotFound()
        return file_response(attachment.datas, attachment.datas_fname
                                       or attachment.name)
