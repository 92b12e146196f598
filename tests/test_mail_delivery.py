"""E-mails as they leave the server, received by a real SMTP server on loopback.

A KSM employee answers a ticket Lübtheen's IT staff opened in the portal: the answer
reaches the reporter (and nobody of another Träger) as KSM, with KSM's identity at the
end (mail_company_footer) and nothing of Odoo.
"""
import re
import time

import pytest
from lxml import html

from .conftest import Browser, post_ticket

STAFF, STRANGER = "luebtheen-it", "schwerin"


def email_of(backoffice, login):
    user = backoffice.call_kw("res.users", "search_read", [[("login", "=", login)]],
                              {"fields": ["email"]})
    return user[0]["email"]


@pytest.fixture(scope="module")
def answered_ticket(odoo_server, backoffice, smtp_server):
    portal = Browser(odoo_server.url)
    portal.login(STAFF, STAFF)
    title = "Drucker im Bürgerbüro meldet Papierstau %d" % time.time()
    response = post_ticket(portal, subject=title, description="Seit heute früh.")
    portal.close()
    ticket_id = int(re.search(r"/my/ticket/(\d+)", response.headers["Location"]).group(1))
    backoffice.call_kw("helpdesk.ticket", "message_post", [[ticket_id]], {
        "body": "Wir haben den Treiber neu eingespielt. Bitte erneut drucken.",
        "message_type": "comment", "subtype": "mail.mt_comment"})
    backoffice.call_kw("mail.mail", "process_email_queue", [])
    number = backoffice.call_kw("helpdesk.ticket", "read", [[ticket_id], ["number"]])[0]["number"]
    return {"number": number}


def test_answer_reaches_the_reporter_as_ksm(backoffice, smtp_server, answered_ticket):
    messages = smtp_server.wait_for(email_of(backoffice, STAFF))
    answer = [message for message in messages if answered_ticket["number"] in message["Subject"]]
    assert len(answer) == 1, [message["Subject"] for message in messages]
    company = backoffice.call_kw("res.company", "search_read", [[]], {
        "fields": ["name", "email", "tax_number", "management", "street", "zip", "city"],
        "limit": 1})[0]
    # from a KSM address: the employee who answered, at the company's mail domain
    assert answer[0]["From"].addresses[0].domain == company["email"].split("@")[1]
    body = answer[0].get_body(preferencelist=("html",)).get_content()
    assert "Wir haben den Treiber neu eingespielt." in body
    assert "Odoo" not in body and "YourCompany" not in body

    footer = html.fromstring(body).xpath("//*[@data-mail-company-footer]")
    assert len(footer) == 1
    text = " ".join(footer[0].text_content().split())
    for expected in (company["name"], company["street"],
                     "%s %s" % (company["zip"], company["city"]),
                     "E-Mail %s" % company["email"], company["management"],
                     "Steuernummer %s" % company["tax_number"], "Impressum"):
        assert expected in text, (expected, text)
    assert any(href.endswith("/impressum") for href in footer[0].xpath(".//a/@href"))


def test_nobody_of_another_traeger_receives_it(backoffice, smtp_server, answered_ticket):
    smtp_server.wait_for(email_of(backoffice, STAFF))
    stranger = smtp_server.received_by(email_of(backoffice, STRANGER))
    assert not [message for message in stranger
                if answered_ticket["number"] in message["Subject"]]
