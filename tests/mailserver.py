"""A real SMTP server (aiosmtpd) in the test process, collecting what it receives."""

from __future__ import annotations

import email
import email.policy
import socket

from aiosmtpd.controller import Controller


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class _Collect:
    def __init__(self, catcher: MailCatcher):
        self.catcher = catcher

    async def handle_DATA(self, server, session, envelope):
        if self.catcher.refuse:
            return "451 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.catcher.messages.append(message)
        return "250 Message accepted"


class MailCatcher:
    def __init__(self):
        self.port = free_port()
        self.messages: list = []
        self.refuse = False
        self.controller = Controller(_Collect(self), hostname="127.0.0.1", port=self.port)

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    def clear(self):
        self.messages.clear()
        self.refuse = False

    def to(self, address: str) -> list:
        return [m for m in self.messages if m["To"] == address]
