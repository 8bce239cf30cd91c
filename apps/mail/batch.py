"""Many e-mails into the outbox at once, in a constant number of queries: the notices poll
writes a digest for each of thousands of organisations in one transaction (apps/notices/poll.py).

The same outbox rows as `outgoing_email_render` makes (keyed, with a Message-ID, sent once by
the claim in `outgoing_email_send`); only the writing and the queuing are batched: one INSERT
for the lot, and one task per SEND_BATCH e-mails on the mail cluster instead of one each.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import batched

from django.conf import settings
from django.db import transaction
from django_q.tasks import async_task

from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_message_id, outgoing_email_rendered, outgoing_email_send

SEND_BATCH = 50


@dataclass(frozen=True)
class Letter:
    key: str
    to: str
    template: str
    context: dict
    language: str
    headers: dict[str, str] = field(default_factory=dict)


def outgoing_emails_render_many(letters: Iterable[Letter]) -> dict[str, OutgoingEmail]:
    """Render and store each letter once per key; queue the new ones after commit. By key."""
    rows = []
    for letter in letters:
        subject, body_text, body_html = outgoing_email_rendered(letter.template, letter.context, letter.language)
        rows.append(
            OutgoingEmail(
                key=letter.key,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=letter.to,
                subject=subject,
                body_text=body_text,
                body_html=body_html,
                message_id=outgoing_email_message_id(letter.key),
                headers=dict(letter.headers),
            )
        )
    keys = [row.key for row in rows]
    before = set(OutgoingEmail.objects.filter(key__in=keys).values_list("key", flat=True))
    OutgoingEmail.objects.bulk_create([row for row in rows if row.key not in before], ignore_conflicts=True)
    stored = {email.key: email for email in OutgoingEmail.objects.filter(key__in=keys)}
    new = [stored[key].id for key in keys if key not in before and key in stored]
    if new:
        transaction.on_commit(lambda: outgoing_emails_queue(email_ids=new))
    return stored


def outgoing_emails_queue(*, email_ids: list[int]) -> None:
    for batch in batched(email_ids, SEND_BATCH):
        async_task("apps.mail.tasks.send_outgoing_emails", list(batch), cluster=settings.MAIL_CLUSTER)


def outgoing_emails_send(*, email_ids: list[int]) -> int:
    """Send each (the claim lets each leave once); how many this call sent."""
    return sum(outgoing_email_send(email_id=email_id) for email_id in email_ids)
