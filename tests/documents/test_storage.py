"""Archives go through Django's storage API (STORAGES["private"]) — a local folder or a bucket of a
real S3 server, each storage test runs on both — and their e-mail leaves from the request's own
task, once."""

import hashlib
import io
import os
import zipfile
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import storages
from django.http import StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone

from apps.core import jobs
from apps.core.private_files import private_file_read
from apps.documents import services, tasks
from apps.documents.models import DocumentRequest
from apps.mail import services as mail_services
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)

INN = "5036012344"
JAN = (date(2026, 1, 1), date(2026, 1, 31))


@pytest.fixture
def mail_tasks(monkeypatch) -> list[tuple]:
    """Mail tasks queued on the broker: recorded, never run."""
    queued = []
    monkeypatch.setattr(mail_services, "async_task", lambda *args, **kwargs: queued.append(args))
    return queued


def _request(client_org) -> DocumentRequest:
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=JAN[0], date_to=JAN[1], email=client_org.email
    )
    request.refresh_from_db()
    return request


def _large_document(fake_onec, settings) -> bytes:
    settings.EMAIL_MAX_ATTACHMENT_MB = 1
    data = b"%PDF-" + os.urandom(1_200_000)
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), data=data)
    return data


def _archive_entries(content: bytes) -> list[bytes]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return [archive.read(name) for name in archive.namelist()]


def test_the_archive_lands_in_the_storage_and_nowhere_else_on_disk(client_org, fake_onec, settings, private_storage):
    data = _large_document(fake_onec, settings)
    request = _request(client_org)  # the task runs with the fake 1C, as a worker runs it

    assert request.status == "sent"
    assert request.archive_path == f"archives/{client_org.id}/{request.id}-1.zip"
    assert private_storage.names() == [request.archive_path]  # the bucket listed, or the folder walked
    if private_storage.kind == "s3":
        assert private_storage.keys() == [f"portal/{request.archive_path}"]  # under PRIVATE_STORAGE_PREFIX
    content = private_file_read(request.archive_path)
    assert len(content) == request.archive_size
    assert _archive_entries(content) == [data]
    assert private_storage.on_disk() == []  # no ZIP left in the temporary folder (nor, for a bucket, the folder)


def test_the_download_streams_the_archive_from_the_storage(
    client, client_org, outsider_org, fake_onec, settings, private_storage
):
    data = _large_document(fake_onec, settings)
    request = _request(client_org)
    url = reverse("cabinet:archive_download", args=[request.id])
    client.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")

    response = client.get(url)

    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).digest() == hashlib.sha256(private_file_read(request.archive_path)).digest()
    assert _archive_entries(body) == [data]
    assert response["Content-Length"] == str(request.archive_size)
    assert response["Content-Type"] == "application/zip"
    assert "attachment" in response["Content-Disposition"]
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert private_storage.on_disk() == []  # not spooled to disk on the way
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert client.get(url).status_code == 404  # still behind the owner check


def test_an_archive_gone_from_the_storage_is_not_found(logged_in, client_org, fake_onec, settings, private_storage):
    _large_document(fake_onec, settings)
    request = _request(client_org)
    private_storage.storage.delete(request.archive_path)
    assert logged_in.get(reverse("cabinet:archive_download", args=[request.id])).status_code == 404


def test_the_expiry_sweep_deletes_the_archive_from_the_storage(client_org, fake_onec, settings, private_storage):
    _large_document(fake_onec, settings)
    request = _request(client_org)
    assert private_storage.names() == [request.archive_path]
    with time_machine.travel(timezone.now() + timedelta(days=settings.ARCHIVE_TTL_DAYS + 1)):
        assert tasks.expire_archives() == 1  # the «documents.expire» schedule's task
    assert private_storage.names() == []
    if private_storage.kind == "s3":
        assert private_storage.keys() == []


def test_an_attached_archive_is_read_back_from_the_storage(client_org, fake_onec, private_storage):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), data=b"%PDF-small")
    request = _request(client_org)
    [message] = mail.outbox
    [(_filename, content, mimetype)] = message.attachments
    assert content == private_file_read(request.archive_path)
    assert mimetype == "application/zip"
    assert OutgoingEmail.objects.get().attachments[0]["name"] == request.archive_path
    assert private_storage.on_disk() == []


def test_an_archive_recorded_as_an_absolute_path_still_downloads_and_expires(
    logged_in, client_org, fake_onec, settings
):
    # Rows written before archives went through the storage API hold the file's absolute path;
    # the local folder is still the storage's, so FileSystemStorage resolves them.
    _large_document(fake_onec, settings)
    request = _request(client_org)
    absolute = settings.PRIVATE_STORAGE_DIR / request.archive_path
    DocumentRequest.objects.filter(id=request.id).update(archive_path=str(absolute))

    response = logged_in.get(reverse("cabinet:archive_download", args=[request.id]))
    assert b"".join(response.streaming_content) == absolute.read_bytes()
    with time_machine.travel(timezone.now() + timedelta(days=settings.ARCHIVE_TTL_DAYS + 1)):
        assert services.archives_expire() == 1
    assert not absolute.exists()


def test_the_archive_email_is_sent_by_the_request_task_itself(client_org, fake_onec, monkeypatch, mail_tasks):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    monkeypatch.setattr(services, "document_request_queue", lambda request_id: None)
    request = _request(client_org)
    assert mail.outbox == []

    services.document_request_process(request_id=request.id)  # the task, as the worker runs it

    email = OutgoingEmail.objects.get(key=f"documents.request.{request.id}.sent")
    assert email.status == "sent" and email.attempts == 1
    assert len(mail.outbox) == 1
    assert mail_tasks == []  # no second trip through the queue


def test_the_archive_email_is_sent_once_however_often_the_task_runs(client_org, fake_onec, mail_tasks):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    request = _request(client_org)
    services.document_request_process(request_id=request.id)  # the broker delivers it again
    mail_services.outgoing_email_dispatch()  # the minute sweep finds nothing to do
    services.document_requests_sweep()
    email = OutgoingEmail.objects.get()
    assert len(mail.outbox) == 1
    assert (email.status, email.attempts) == ("sent", 1)
    assert mail_tasks == []


def test_a_worker_dying_between_the_commit_and_the_send_leaves_the_email_to_the_sweep(
    client_org, fake_onec, monkeypatch
):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    with monkeypatch.context() as dying:
        dying.setattr(mail_services, "outgoing_email_send", lambda *, email_id: None)  # never got to it
        request = _request(client_org)
    assert request.status == "sent"
    email = OutgoingEmail.objects.get()
    assert (email.status, mail.outbox) == ("pending", [])

    mail_services.outgoing_email_dispatch()

    email.refresh_from_db()
    assert email.status == "sent"
    assert len(mail.outbox) == 1


def test_an_attempt_that_lost_the_request_keeps_no_archive_and_no_email(client_org, fake_onec, monkeypatch):
    # A twin attempt, presumed dead and replaced by the watchdog, gets as far as finishing.
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    finish = jobs.job_finish
    monkeypatch.setattr(jobs, "job_finish", lambda job, status, **f: status != "sent" and finish(job, status, **f))
    request = _request(client_org)
    assert request.status == "running"  # left to the attempt that owns it now
    assert not OutgoingEmail.objects.exists()
    assert mail.outbox == []
    assert storages["private"].listdir(f"archives/{client_org.id}") == ([], [])
