"""A real SMTP server on loopback that receives what the Odoo test server sends.

``smtp_server`` starts aiosmtpd on a free port, points the test database's outgoing mail
server at it and removes that configuration afterwards; ``smtp_server.wait_for(...)``
returns the parsed messages (``email.message.EmailMessage``) received for an address.
"""
import email
import email.policy
import threading
import time

import pytest

from .conftest import free_port


class SmtpSink:
    """The aiosmtpd handler: keeps every message it is given, parsed."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content,
                                           policy=email.policy.default)
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"

    def received_by(self, address):
        with self.lock:
            return [message for recipients, message in self.messages
                    if address.lower() in (rcpt.lower() for rcpt in recipients)]

    def wait_for(self, address, count=1, timeout=30):
        deadline = time.time() + timeout
        while time.time() < deadline:
            found = self.received_by(address)
            if len(found) >= count:
                return found
            time.sleep(0.2)
        raise AssertionError("%d mail(s) for %s expected, got %d" % (
            count, address, len(self.received_by(address))))


@pytest.fixture(scope="module")
def smtp_server(backoffice):
    from aiosmtpd.controller import Controller
    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    server_id = backoffice.call_kw("ir.mail_server", "create", [{
        "name": "SMTP on loopback (tests)", "smtp_host": "127.0.0.1", "smtp_port": port,
        "smtp_encryption": "none", "sequence": 1}])
    try:
        yield sink
    finally:
        backoffice.call_kw("ir.mail_server", "unlink", [[server_id]])
        controller.stop()
