"""An SMTP server on loopback that keeps what it receives, for tests that run real processes
(a worker cluster, gunicorn) sending real mail.

    with Inbox.running() as inbox:   # inbox.port; inbox.messages; inbox.to("a@b.example")
"""

from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

from tests.utils import free_port


class Inbox:
    def __init__(self):
        self.messages = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list:
        return [message for message in self.messages if address in str(message["To"])]

    @classmethod
    @contextmanager
    def running(cls) -> Iterator["Inbox"]:
        inbox = cls()
        controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
        controller.start()
        inbox.port = controller.port
        try:
            yield inbox
        finally:
            controller.stop()
