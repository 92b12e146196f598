from .helpdesk_common import HelpdeskCase

NEW_MAIL = """From: "Sachbearbeiter Musterstadt" <{sender}>
To: testteam@ksm.example
Subject: {subject}
Message-ID: <{message_id}>
Date: Tue, 13 May 2025 09:12:00 +0200
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Guten Tag,

das Einwohnermeldeverfahren im Bürgerbüro meldet seit heute früh
"Lizenzserver nicht erreichbar".

Mit freundlichen Grüßen
"""

REPLY_MAIL = """From: {sender}
To: testteam@ksm.example
Subject: Re: {subject}
Message-ID: <{message_id}>
In-Reply-To: <{in_reply_to}>
References: <{in_reply_to}>
Date: Tue, 13 May 2025 11:40:00 +0200
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

{body}
"""


class TestTicketsByMail(HelpdeskCase):
    """A team's address creates tickets from mails; replies land in the ticket."""

    @classmethod
    def setUpClass(cls):
        super(TestTicketsByMail, cls).setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("mail.catchall.domain", "ksm.example")
        cls.team.alias_name = "testteam"
        cls.clerk.partner_id.email = "s.bearbeiter@musterstadt.example"

    def _receive(self, template, **values):
        message = template.format(**values).encode("utf-8")
        return self.env["mail.thread"].message_process(None, message)

    def _new_ticket(self, sender, subject="Einwohnermeldeverfahren startet nicht",
                    message_id="m1@musterstadt"):
        ticket_id = self._receive(NEW_MAIL, sender=sender, subject=subject,
                                  message_id=message_id)
        return self.Ticket.browse(ticket_id)

    def test_team_has_a_mail_address_for_new_tickets(self):
        self.assertEqual(self.team.alias_model_id.model, "helpdesk.ticket")
        self.assertIn("'team_id': %d" % self.team.id, self.team.alias_defaults)
        self.assertEqual(self.team.alias_domain, "ksm.example")

    def test_mail_of_a_known_contact_becomes_a_ticket_of_the_team_and_traeger(self):
        ticket = self._new_ticket("S.Bearbeiter@Musterstadt.EXAMPLE")
        self.assertEqual(ticket.name, "Einwohnermeldeverfahren startet nicht")
        self.assertEqual(ticket.team_id, self.team)
        self.assertEqual(ticket.partner_id, self.clerk.partner_id)
        self.assertEqual(ticket.ksm_traeger_id, self.traeger)
        self.assertEqual(ticket.channel_id,
                         self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email"))
        self.assertIn("Lizenzserver nicht erreichbar", ticket.description)
        self.assertIn(self.clerk.partner_id, ticket.message_partner_ids)
        self.assertTrue(ticket.ksm_response_deadline, "the service level applies")

    def test_person_comes_before_a_company_with_the_same_address(self):
        self.traeger.email = "s.bearbeiter@musterstadt.example"
        ticket = self._new_ticket("s.bearbeiter@musterstadt.example")
        self.assertEqual(ticket.partner_id, self.clerk.partner_id)

    def test_mail_of_an_unknown_sender_becomes_a_ticket_without_contact(self):
        ticket = self._new_ticket("jemand@unbekannt.example", message_id="m2@unbekannt")
        self.assertTrue(ticket)
        self.assertFalse(ticket.partner_id)
        self.assertFalse(ticket.ksm_traeger_id)
        self.assertEqual(ticket.partner_email, "jemand@unbekannt.example")
        self.assertEqual(ticket.partner_name, "Sachbearbeiter Musterstadt")

    def test_reply_of_the_traeger_lands_in_the_ticket(self):
        ticket = self._new_ticket("s.bearbeiter@musterstadt.example")
        tickets_before = self.Ticket.search_count([])
        thread_id = self._receive(
            REPLY_MAIL, sender="s.bearbeiter@musterstadt.example",
            subject="Einwohnermeldeverfahren startet nicht", message_id="m3@musterstadt",
            in_reply_to="m1@musterstadt", body="Nachtrag: es betrifft auch das Standesamt.")
        self.assertEqual(thread_id, ticket.id)
        self.assertEqual(self.Ticket.search_count([]), tickets_before)
        reply = ticket.message_ids[0]
        self.assertIn("Nachtrag", reply.body)
        self.assertEqual(reply.author_id, self.clerk.partner_id)
        self.assertIn(reply, ticket.website_message_ids, "the portal shows it")

    def test_reply_to_ksms_answer_lands_in_the_ticket(self):
        ticket = self._new_ticket("s.bearbeiter@musterstadt.example")
        answer = ticket.sudo(self.agent).message_post(
            body="Wir kommen morgen vorbei.", message_type="comment",
            subtype="mail.mt_comment")
        self.assertEqual(ticket.ksm_first_response_at, answer.date)
        self._receive(
            REPLY_MAIL, sender="s.bearbeiter@musterstadt.example",
            subject="Einwohnermeldeverfahren startet nicht", message_id="m4@musterstadt",
            in_reply_to=answer.message_id.strip("<>"), body="Danke, passt gut.")
        self.assertIn("Danke, passt gut.", ticket.message_ids[0].body)
        self.assertEqual(ticket.message_ids[0].message_type, "email")
