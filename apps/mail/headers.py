"""A subject that keeps its spaces however it is folded.

Python 3.12.1's folding of long headers (email.policy.default, which Django's
EmailMessage.message() uses) can put the space between two words outside the encoded words
around it, and RFC 2047 decoders drop whitespace between encoded words: a staff subject arrived
as «Подписанный акт сверкиот клиента» (CPython gh-144156, fixed in later releases). Such a
subject is folded by email.header.Header instead, which keeps every space inside an encoded word.
"""

import email.policy
from email.header import Header

from django.core.mail import EmailMultiAlternatives


class _FoldedSubject(str):
    """A Subject value the message's policy stores and writes as it is (it has a name and folds itself)."""

    name = "Subject"

    def fold(self, *, policy) -> str:
        encoded = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {encoded}{policy.linesep}"


class PortalMessage(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        message = super().message(policy=policy)
        subject = str(self.subject)
        if not subject.isascii():  # plain ASCII is folded at its spaces, never encoded: nothing to lose
            message.replace_header("Subject", _FoldedSubject(subject))
        return message
