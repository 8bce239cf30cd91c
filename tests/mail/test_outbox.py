import smtplib
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
import time_machine
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction
from django.utils import timezone

from apps.mail import services
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)


def _create(key="test.event.1"):
    return services.outgoing_email_create(key=key, to="buh@example.com", subject="Отчет", body_text="Текст")


def test_the_same_event_makes_one_email(db):
    first, second = _create(), _create()
    assert first.id == second.id
    assert len(mail.outbox) == 1
    assert mail.outbox[0].extra_headers["Message-ID"] == "<portal.test.event.1@podolskogneupor.ru>"


def test_a_sent_email_is_not_sent_again(db):
    email = _create()
    assert services.outgoing_email_send(email_id=email.id) is False
    assert len(mail.outbox) == 1


def test_smtp_failure_is_retried_with_backoff(db, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    email = _create()
    email.refresh_from_db()
    assert email.status == "pending"
    assert email.attempts == 1
    assert "connection lost" in email.last_error
    assert email.next_attempt_at > timezone.now()

    monkeypatch.undo()
    services.outgoing_email_dispatch()  # not due yet: nothing happens
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        services.outgoing_email_dispatch()
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_a_refused_recipient_fails_at_once(db, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({"buh@example.com": (550, b"no such user")})

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    email = _create()
    email.refresh_from_db()
    assert email.status == "failed"


def test_retries_are_bounded(db, monkeypatch):
    monkeypatch.setattr(
        "django.core.mail.EmailMultiAlternatives.send", lambda self, *a, **k: (_ for _ in ()).throw(OSError("down"))
    )
    email = _create()
    for minutes in range(1, 200, 30):
        with time_machine.travel(timezone.now() + timedelta(minutes=minutes * 3)):
            services.outgoing_email_dispatch()
    email.refresh_from_db()
    assert email.status == "failed"
    assert email.attempts == services.MAX_ATTEMPTS


def test_a_send_left_claimed_by_a_dead_worker_is_resent_once(db):
    email = _create()
    mail.outbox.clear()
    long_ago = timezone.now() - timedelta(hours=1)
    OutgoingEmail.objects.filter(id=email.id).update(status="sending", claimed_at=long_ago)
    services.outgoing_email_dispatch()
    services.outgoing_email_dispatch()
    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_a_fresh_claim_is_left_alone(db):
    email = _create()
    mail.outbox.clear()
    OutgoingEmail.objects.filter(id=email.id).update(status="sending", claimed_at=timezone.now())
    services.outgoing_email_dispatch()
    assert mail.outbox == []


def test_a_sensitive_email_loses_its_text_once_sent(db):
    email = services.outgoing_email_create(
        key="clients.access.1.1", to="buh@example.com", subject="Доступ", body_text="Пароль: s3cret-Xy", sensitive=True
    )
    assert "s3cret-Xy" in mail.outbox[0].body  # the client got it …
    email.refresh_from_db()
    assert email.status == "sent"
    assert "s3cret-Xy" not in email.body_text + email.body_html  # … staff reading the outbox do not


@pytest.fixture
def memory_storage(settings):
    settings.STORAGES = {**settings.STORAGES, "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    return storages["private"]


def _with_attachment(name: str) -> OutgoingEmail:
    attachment = services.stored_attachment(
        storage="private", name=name, filename="Акт.pdf", mimetype="application/pdf"
    )
    return services.outgoing_email_create(
        key="test.event.files", to="buh@example.com", subject="Акт", body_text="Акт", attachments=[attachment]
    )


def test_an_attachment_is_read_from_its_storage_when_the_email_is_sent(db, memory_storage):
    name = memory_storage.save("acts/1/act.pdf", ContentFile(b"%PDF-1.4 the act"))
    _with_attachment(name)
    [message] = mail.outbox
    assert message.attachments == [("Акт.pdf", b"%PDF-1.4 the act", "application/pdf")]


def test_a_missing_attachment_is_a_failed_attempt_not_a_send_stuck_claimed(db, memory_storage):
    email = _with_attachment("acts/1/gone.pdf")
    email.refresh_from_db()
    assert email.status == "pending"  # released, retried with backoff, and bounded like any failure
    assert email.attempts == 1
    assert "FileNotFoundError" in email.last_error
    assert mail.outbox == []


def test_an_attachment_recorded_as_a_path_is_still_sent(db, tmp_path):
    # Rows written before files went through the storage API.
    path = tmp_path / "act.pdf"
    path.write_bytes(b"%PDF-1.4 old")
    services.outgoing_email_create(
        key="test.event.old",
        to="buh@example.com",
        subject="Акт",
        body_text="Акт",
        attachments=[{"path": str(path), "filename": "Акт.pdf", "mimetype": "application/pdf"}],
    )
    assert mail.outbox[0].attachments == [("Акт.pdf", b"%PDF-1.4 old", "application/pdf")]


@pytest.fixture
def mail_tasks(monkeypatch) -> list[tuple]:
    """Mail tasks queued on the broker: recorded, never run."""
    queued = []
    monkeypatch.setattr(services, "async_task", lambda *args, **kwargs: queued.append(args))
    return queued


def test_an_inline_email_is_sent_when_the_transaction_commits_without_a_task(db, mail_tasks):
    with transaction.atomic():
        email = services.outgoing_email_create(
            key="test.event.inline", to="buh@example.com", subject="Отчет", body_text="Текст", send_inline=True
        )
        assert mail.outbox == []  # never before the work it reports is committed
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 1)
    assert len(mail.outbox) == 1
    assert mail_tasks == []


def test_an_inline_email_of_rolled_back_work_is_never_sent(db, mail_tasks):
    with transaction.atomic():
        services.outgoing_email_create(
            key="test.event.inline", to="buh@example.com", subject="Отчет", body_text="Текст", send_inline=True
        )
        transaction.set_rollback(True)
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []


def test_an_inline_send_that_fails_is_retried_by_the_sweep(db, monkeypatch):
    def refuse(self, *args, **kwargs):
        raise smtplib.SMTPServerDisconnected("connection lost")

    with monkeypatch.context() as smtp_down:
        smtp_down.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
        email = services.outgoing_email_create(
            key="test.event.inline", to="buh@example.com", subject="Отчет", body_text="Текст", send_inline=True
        )
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("pending", 1)
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        services.outgoing_email_dispatch()
    email.refresh_from_db()
    assert (email.status, email.attempts) == ("sent", 2)
    assert len(mail.outbox) == 1


def test_emails_are_queued_on_the_mail_cluster_not_behind_1c_tasks(monkeypatch, settings):
    from apps.mail import services as mail_services

    queued = []
    monkeypatch.setattr(mail_services, "async_task", lambda *args, **kwargs: queued.append(kwargs))
    mail_services.outgoing_email_queue(email_id=1)
    assert [kwargs["cluster"] for kwargs in queued] == [settings.MAIL_CLUSTER] == ["portal-mail"]


def _sent_from(message):
    """The From address as a mail program reads it from the bytes on the wire."""
    parsed = message_from_bytes(message.message().as_bytes(), policy=policy.default)
    [address] = parsed["From"].addresses
    return address


def test_the_senders_name_keeps_its_quotes(db, settings):
    settings.DEFAULT_FROM_EMAIL = 'АО "Подольскогнеупор" <admin@podolskogneupor.ru>'
    _create()
    sender = _sent_from(mail.outbox[0])
    assert sender.display_name == 'АО "Подольскогнеупор"'
    assert sender.addr_spec == "admin@podolskogneupor.ru"


@pytest.mark.parametrize(
    ("setting", "name"),
    [
        ('"Portal, Inc." <portal@example.com>', "Portal, Inc."),
        ("Portal <portal@example.com>", "Portal"),
        ("portal@example.com", ""),
    ],
)
def test_other_sender_forms_keep_their_meaning(db, settings, setting, name):
    settings.DEFAULT_FROM_EMAIL = setting
    _create()
    sender = _sent_from(mail.outbox[0])
    assert (sender.display_name, sender.addr_spec) == (name, "portal@example.com")
