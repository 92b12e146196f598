from lxml import html

from odoo.tests.common import TransactionCase


class TestMailCompanyFooter(TransactionCase):
    """Every e-mail the company sends ends with its identity, once, in the recipient's
    language."""

    def setUp(self):
        super(TestMailCompanyFooter, self).setUp()
        self.company = self.env.user.company_id
        self.company.write({"name": "Beispiel-Zweckverband", "phone": "+49 385 100",
                            "email": "info@example.org", "website": "https://example.org",
                            "legal_form": "Körperschaft des öffentlichen Rechts",
                            "tax_number": "090/999/12345",
                            "management": "Verbandsvorsteher: Erika Muster",
                            "privacy_policy": "<p>Wir verarbeiten ...</p>"})
        self.company.partner_id.write({"street": "Am Markt 1", "zip": "19055",
                                       "city": "Schwerin"})
        self.env["ir.config_parameter"].sudo().set_param("web.base.url",
                                                         "https://portal.example.org")
        self.reader = self.env["res.partner"].create({
            "name": "Anna Leser", "email": "anna@example.org", "lang": "de_DE"})

    def footer_of(self, mail):
        document = html.fromstring(mail.body_html)
        footers = document.xpath("//*[@data-mail-company-footer]")
        self.assertEqual(len(footers), 1, mail.body_html)
        return footers[0]

    def test_notification_ends_with_the_identity_in_german(self):
        record = self.env["res.partner"].create({"name": "Vorgang"})
        # queued, not sent at once: Odoo's test mode would send and delete it
        record.with_context(mail_notify_force_send=False).message_post(body="Ihre Anfrage ist bearbeitet.", partner_ids=[self.reader.id],
                            subtype="mail.mt_comment")
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.reader.ids)])
        self.assertEqual(len(mail), 1)
        footer = self.footer_of(mail)
        text = " ".join(footer.text_content().split())
        for expected in ("Beispiel-Zweckverband", "Körperschaft des öffentlichen Rechts",
                         "Am Markt 1", "19055 Schwerin", "Telefon +49 385 100",
                         "E-Mail info@example.org", "Verbandsvorsteher: Erika Muster",
                         "Steuernummer 090/999/12345", "Impressum", "Datenschutz"):
            self.assertIn(expected, text)
        self.assertEqual(footer.xpath(".//a/@href"),
                         ["https://portal.example.org/impressum",
                          "https://portal.example.org/datenschutz"])
        self.assertIn("Ihre Anfrage ist bearbeitet.", mail.body_html)

    def test_names_from_the_company_are_escaped(self):
        self.company.management = "<img src=x onerror=alert(1)>"
        mail = self.env["mail.mail"].create({"body_html": "<p>Hallo</p>",
                                             "email_to": "anna@example.org"})
        self.assertNotIn("<img", mail.body_html)
        self.assertIn("&lt;img", mail.body_html)

    def test_footer_is_added_once(self):
        mail = self.env["mail.mail"].create({"body_html": "<p>Hallo</p>",
                                             "email_to": "anna@example.org"})
        copy = self.env["mail.mail"].create({"body_html": mail.body_html,
                                             "email_to": "bert@example.org"})
        self.footer_of(copy)

    def test_without_privacy_policy_no_link_to_it(self):
        self.company.privacy_policy = False
        mail = self.env["mail.mail"].create({"body_html": "<p>Hallo</p>",
                                             "recipient_ids": [(4, self.reader.id)]})
        self.assertEqual(self.footer_of(mail).xpath(".//a/@href"),
                         ["https://portal.example.org/impressum"])
