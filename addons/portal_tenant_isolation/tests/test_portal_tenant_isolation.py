from contextlib import contextmanager

from odoo.exceptions import AccessError
from odoo.tests.common import TransactionCase


class TestPortalTenantIsolation(TransactionCase):
    """Two customers, each a company with a portal user; the first customer also has a
    second portal user with an open invitation. None reaches the other's mail records."""

    def setUp(self):
        super(TestPortalTenantIsolation, self).setUp()
        Partner = self.env["res.partner"]
        self.company_a = Partner.create({"name": "Kunde A", "is_company": True})
        self.company_b = Partner.create({"name": "Kunde B", "is_company": True})
        portal = self.env.ref("base.group_portal")
        Users = self.env["res.users"].with_context(no_reset_password=True)

        def user(login, company):
            return Users.create({"name": login, "login": login, "parent_id": company.id,
                                 "email": "%s@example.org" % login,
                                 "groups_id": [(6, 0, [portal.id])]})
        self.user_a = user("isolation-a", self.company_a)
        self.colleague_a = user("isolation-a2", self.company_a)
        self.user_b = user("isolation-b", self.company_b)
        self.partner_a = self.user_a.partner_id

    @contextmanager
    def refused(self):
        """Expect an AccessError; what the refused call wrote is rolled back, as the
        request's transaction would be."""
        with self.assertRaises(AccessError), self.cr.savepoint():
            yield

    def as_a(self, model):
        return self.env[model].sudo(self.user_a)

    def test_no_outgoing_mail(self):
        mail = self.env["mail.mail"].create({
            "subject": "Einladung", "body_html": "<p>token</p>",
            "email_to": "isolation-b@example.org"})
        self.assertFalse(self.as_a("mail.mail").search([("id", "=", mail.id)]))
        with self.refused():
            mail.sudo(self.user_a).read(["body_html"])
        with self.refused():
            self.as_a("mail.mail").create({"subject": "x", "email_to": "a@example.org"})
        with self.refused():
            mail.sudo(self.user_a).write({"email_to": "attacker@example.org"})
        self.assertEqual(mail.email_to, "isolation-b@example.org")

    def test_follow_only_readable_records_as_oneself(self):
        Followers = self.as_a("mail.followers")
        with self.refused():
            Followers.create({"res_model": "res.partner", "res_id": self.company_b.id,
                              "partner_id": self.partner_a.id})
        with self.refused():
            Followers.create({"res_model": "res.partner", "res_id": self.company_a.id,
                              "partner_id": self.user_b.partner_id.id})
        follower = Followers.create({"res_model": "res.partner", "res_id": self.company_a.id,
                                     "partner_id": self.partner_a.id})
        with self.refused():
            follower.write({"res_id": self.company_b.id})
        self.assertEqual(follower.sudo().res_id, self.company_a.id)
        self.assertFalse(self.env["mail.followers"].search([
            ("res_model", "=", "res.partner"), ("res_id", "=", self.company_b.id),
            ("partner_id", "=", self.partner_a.id)]))

    def test_messages_stay_on_their_document_and_author(self):
        Messages = self.as_a("mail.message")
        with self.refused():
            Messages.create({"model": "res.partner", "res_id": self.company_b.id,
                             "body": "<p>untergeschoben</p>", "message_type": "comment"})
        with self.refused():
            Messages.create({"body": "<p>als B</p>", "author_id": self.user_b.partner_id.id})
        own = Messages.create({"body": "<p>meine Nachricht</p>"})
        for vals in ({"model": "res.partner", "res_id": self.company_b.id},
                     {"author_id": self.user_b.partner_id.id}):
            with self.refused():
                own.write(vals)
        own.write({"body": "<p>korrigiert</p>"})
        self.assertFalse(own.sudo().model)
        self.assertEqual(own.sudo().author_id, self.partner_a)

    def test_messages_carry_only_readable_attachments(self):
        foreign = self.env["ir.attachment"].create({
            "name": "Rechnung B.pdf", "datas_fname": "Rechnung B.pdf",
            "res_model": "res.partner", "res_id": self.company_b.id,
            "datas": "JVBERi0xLjQK"})
        Messages = self.as_a("mail.message")
        for attachments in ([(4, foreign.id)], [(6, 0, [foreign.id])]):
            with self.refused():
                Messages.create({"body": "<p>Anhang</p>", "attachment_ids": attachments})
        own = Messages.create({"body": "<p>meine Nachricht</p>"})
        with self.refused():
            own.write({"attachment_ids": [(4, foreign.id)]})
        self.assertFalse(own.sudo().attachment_ids)

    def test_only_public_channels_can_be_joined(self):
        Channel = self.env["mail.channel"]
        internal = Channel.create({"name": "Intern", "public": "groups",
                                   "group_public_id": self.env.ref("base.group_user").id})
        public = Channel.create({"name": "Offen", "public": "public"})
        Members = self.as_a("mail.channel.partner")
        with self.refused():
            Members.create({"channel_id": internal.id, "partner_id": self.partner_a.id})
        with self.refused():
            Members.create({"channel_id": public.id, "partner_id": self.user_b.partner_id.id})
        membership = Members.create({"channel_id": public.id, "partner_id": self.partner_a.id})
        with self.refused():
            membership.write({"channel_id": internal.id})
        self.assertNotIn(self.partner_a, internal.channel_partner_ids)
        membership.unlink()

    def test_no_login_history(self):
        self.env["res.users.log"].sudo(self.user_b).create({})
        self.assertFalse(self.as_a("res.users.log").search([]))
        own = self.as_a("res.users.log").create({})
        self.assertTrue(own.exists())

    def test_signup_link_only_for_administrators(self):
        colleague = self.colleague_a.partner_id
        colleague.signup_prepare(signup_type="signup")
        self.assertIn("token=", colleague.signup_url)
        partner_as_a = colleague.sudo(self.user_a)
        self.assertTrue(partner_as_a.read(["name"]))  # a colleague may be read
        for field in ("signup_url", "signup_token"):
            with self.refused():
                partner_as_a.read([field])
        self.assertNotIn("signup_url", self.as_a("res.partner").fields_get())
