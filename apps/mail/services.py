"""The outbox: every e-mail is a row first, then sent once by a task.

Callers use `outgoing_email_create`/`outgoing_email_render` inside their own transaction; the
send is queued on commit, so an e-mail never leaves for work that was rolled back. A task that
has just done the slow part of the work (the archive) may instead send its e-mail itself once
its transaction commits (`send_inline`): the same claim, the same sweep behind it, one queue hop
fewer.
"""

import logging
import smtplib
from collections.abc import Iterable
from datetime import timedelta
from email.headerregistry import Address
from email.utils import parseaddr
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_q.tasks import async_task

from apps.core.metrics import EMAIL_SENDS
from apps.core.private_files import private_file_read
from apps.mail.headers import PortalMessage
from apps.mail.models import OutgoingEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# SMTP answers that will not change on retry: the address itself is refused.
_PERMANENT = (smtplib.SMTPRecipientsRefused,)


def outgoing_email_message_id(key: str) -> str:
    """The same key always gives the same Message-ID, so a resend is recognisably the same mail."""
    domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
    safe = "".join(ch if ch.isalnum() or ch in ".-_" else "-" for ch in key)
    return f"<portal.{safe}@{domain}>"


REDACTED = "[текст с паролем или ссылкой для входа стёрт после отправки]"


def outgoing_email_create(
    *,
    key: str,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: Iterable[dict] = (),
    sensitive: bool = False,
    send_inline: bool = False,
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Put an e-mail in the outbox once per `key` and queue its sending after commit.

    `attachments` are `stored_attachment(...)` dicts: the file stays in its storage and is read
    at each sending, so a resend a day later attaches the same file. `sensitive` e-mails (a
    password, a reset link) lose their text once sent, so staff who can read the outbox cannot
    read a client's credentials.

    `send_inline` sends it from this process as soon as the caller's transaction commits,
    instead of queuing a task for it. The claim in `outgoing_email_send` still lets only one
    sender through, and if this process dies before or during the send, the row is left
    pending or claimed, and the minute sweep (`outgoing_email_dispatch`) sends it.

    `headers` are stored with the row and sent with every attempt (a one-click unsubscribe
    must be on a resend too).
    """
    email, created = OutgoingEmail.objects.get_or_create(
        key=key,
        defaults={
            "from_email": settings.DEFAULT_FROM_EMAIL,
            "to": to,
            "subject": subject,
            "body_text": body_text,
            "body_html": body_html,
            "attachments": [dict(item) for item in attachments],
            "message_id": outgoing_email_message_id(key),
            "sensitive": sensitive,
            "headers": dict(headers or {}),
        },
    )
    if created and send_inline:
        # robust: an error here is logged, not raised into the caller's committed work; the
        # e-mail is then still pending or claimed, and the sweep takes it up.
        transaction.on_commit(lambda: outgoing_email_send(email_id=email.id), robust=True)
    elif created:
        transaction.on_commit(lambda: outgoing_email_queue(email_id=email.id))
    return email


def stored_attachment(*, storage: str, name: str, filename: str, mimetype: str) -> dict:
    """An attachment read from `storages[storage]` at sending time, as `filename` in the e-mail."""
    return {"storage": storage, "name": name, "filename": filename, "mimetype": mimetype}


def outgoing_email_render(
    *,
    key: str,
    to: str,
    template: str,
    context: dict,
    language: str,
    attachments: Iterable[dict] = (),
    sensitive: bool = False,
    send_inline: bool = False,
    headers: dict[str, str] | None = None,
) -> OutgoingEmail:
    """Render `<template>-subject.txt`, `-body.txt` and `-body.html` in `language`, then create."""
    subject, body_text, body_html = outgoing_email_rendered(template, context, language)
    return outgoing_email_create(
        key=key,
        to=to,
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        attachments=attachments,
        sensitive=sensitive,
        send_inline=send_inline,
        headers=headers,
    )


def outgoing_email_rendered(template: str, context: dict, language: str) -> tuple[str, str, str]:
    """The subject (on one line), the text and the HTML of `template`, in `language`."""
    context = {"company_name": settings.COMPANY_NAME, "portal_url": settings.PORTAL_BASE_URL, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}-subject.txt", context).split())
        return (
            subject,
            render_to_string(f"{template}-body.txt", context),
            render_to_string(f"{template}-body.html", context),
        )


def outgoing_email_queue(*, email_id: int) -> None:
    # On the mail cluster's own queue: an e-mail never waits behind a task stuck on 1C.
    async_task(
        "apps.mail.tasks.send_outgoing_email", email_id, task_name=f"mail-{email_id}", cluster=settings.MAIL_CLUSTER
    )


def outgoing_email_send(*, email_id: int) -> bool:
    """Send one e-mail if it is due and nobody else holds it. True when this call sent it."""
    now = timezone.now()
    claimed = (
        OutgoingEmail.objects.filter(id=email_id, status=OutgoingEmail.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=OutgoingEmail.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    )
    if claimed != 1:
        return False
    email = OutgoingEmail.objects.get(id=email_id)
    try:
        message = _build_message(email)
    except Exception as error:
        # Reading an attachment fails in the storage's own ways (object storage has its own
        # errors). Each must count against MAX_ATTEMPTS: an error escaping here would leave the
        # row claimed, to be released by the sweep and claimed again for ever.
        _after_failure(email, error)
        return False
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as error:
        _after_failure(email, error)
        return False
    sent = {"status": OutgoingEmail.Status.SENT, "sent_at": timezone.now(), "last_error": ""}
    if email.sensitive:
        sent.update(body_text=REDACTED, body_html="")
    OutgoingEmail.objects.filter(id=email.id, status=OutgoingEmail.Status.SENDING).update(**sent)
    EMAIL_SENDS.labels(outcome="sent").inc()
    logger.info("mail sent id=%s key=%s attempts=%s", email.id, email.key, email.attempts)
    return True


def from_header(value: str) -> str:
    """`АО "Подольскогнеупор" <admin@…>` as a header whose display name keeps its quotes.

    The setting is written the way people write it, but in RFC 5322 those quotes are syntax:
    a mail program would show «АО Подольскогнеупор». Everything before the address is taken as
    the name, literally (unless the whole name is one quoted string, `"Name" <addr>`), and
    `Address` quotes and escapes it properly.
    """
    name, bracket, rest = value.rpartition("<")
    if not bracket:
        return value.strip()
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] == '"' and '"' not in name[1:-1].replace('\\"', ""):
        name = name[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return str(Address(display_name=name, addr_spec=rest.rstrip().rstrip(">").strip()))


def _build_message(email: OutgoingEmail) -> PortalMessage:
    message = PortalMessage(
        subject=email.subject,
        body=email.body_text,
        from_email=from_header(email.from_email),
        to=[email.to],
        # Message-ID last: a stored header never replaces the deterministic one.
        headers={**email.headers, "Message-ID": email.message_id},
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for item in email.attachments:
        message.attach(item["filename"], _attachment_bytes(item), item.get("mimetype"))
    return message


def _attachment_bytes(item: dict) -> bytes:
    """The whole file: an attachment is at most EMAIL_MAX_ATTACHMENT_MB (larger ones are links)."""
    if "path" in item:  # rows written before files went through the storage API
        return Path(item["path"]).read_bytes()
    # Read in chunks, not through storage.open(): a bucket's S3File would spool it to disk first.
    return private_file_read(item["name"], storage=item["storage"])


def _after_failure(email: OutgoingEmail, error: Exception) -> None:
    text = f"{type(error).__name__}: {error}"[:2000]
    permanent = isinstance(error, _PERMANENT) or email.attempts >= MAX_ATTEMPTS
    if permanent:
        update = {"status": OutgoingEmail.Status.FAILED, "last_error": text}
    else:
        # 1, 2, 4 … minutes, capped at an hour: a mail server that is down for a while is
        # not hammered, and a short outage costs little delay.
        delay = timedelta(minutes=min(2 ** (email.attempts - 1), 60))
        update = {"status": OutgoingEmail.Status.PENDING, "last_error": text, "next_attempt_at": timezone.now() + delay}
    OutgoingEmail.objects.filter(id=email.id, status=OutgoingEmail.Status.SENDING).update(**update)
    EMAIL_SENDS.labels(outcome="failed" if permanent else "retrying").inc()
    logger.warning("mail failed id=%s key=%s attempt=%s error=%s", email.id, email.key, email.attempts, text)


def outgoing_email_dispatch() -> int:
    """The periodic sweep: release sends whose worker died, then queue every due e-mail."""
    now = timezone.now()
    # A row left `sending` this long belongs to a worker that died mid-send.
    stale = now - timedelta(seconds=settings.MAIL_SENDING_STALE_SECONDS)
    OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENDING, claimed_at__lt=stale).update(
        status=OutgoingEmail.Status.PENDING, next_attempt_at=None
    )
    due = OutgoingEmail.objects.filter(status=OutgoingEmail.Status.PENDING).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    ids = list(due.values_list("id", flat=True)[:500])
    for email_id in ids:
        outgoing_email_queue(email_id=email_id)
    return len(ids)


def outgoing_email_retry(*, email: OutgoingEmail) -> bool:
    """Staff's «send again» for a failed or cancelled e-mail."""
    updated = OutgoingEmail.objects.filter(
        id=email.id, status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.CANCELLED]
    ).update(status=OutgoingEmail.Status.PENDING, next_attempt_at=None, attempts=0)
    if updated:
        transaction.on_commit(lambda: outgoing_email_queue(email_id=email.id))
    return bool(updated)
