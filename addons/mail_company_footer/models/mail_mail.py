from odoo import api, models

FOOTER_MARK = "data-mail-company-footer"


class MailMail(models.Model):
    """Outgoing e-mails state who sends them.

    The footer is added where every e-mail passes: when its ``mail.mail`` is created
    (notifications, e-mails from templates, invoices sent from the run), so no route to
    a recipient can leave it out. The company's identity is the one its documents print
    (``report_layout_din5008``); it is written in the language of the first recipient.
    """

    _inherit = "mail.mail"

    @api.model
    def create(self, values):
        if values.get("body_html") and FOOTER_MARK not in values["body_html"]:
            values = dict(values, body_html=values["body_html"] + self._company_footer(values))
        return super(MailMail, self).create(values)

    @api.model
    def _company_footer(self, values):
        commands = values.get("recipient_ids") or []
        recipients = self.env["res.partner"].browse(
            [command[1] for command in commands if command[0] == 4]
            + [partner_id for command in commands if command[0] == 6
               for partner_id in command[2]])
        lang = (recipients[:1].lang or self.env.context.get("lang")
                or self.env.user.lang)
        company = self.env.user.company_id.sudo()
        base_url = self.env["ir.config_parameter"].sudo().get_param("web.base.url", "")
        return self.env["ir.ui.view"].with_context(lang=lang).render_template(
            "mail_company_footer.company_footer",
            {"company": company, "partner": company.partner_id, "base_url": base_url}).decode()
