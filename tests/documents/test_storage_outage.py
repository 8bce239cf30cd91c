"""The bucket stops (its S3 server is killed) while a client downloads an archive or a worker
builds one: the client is told to try later, the request is retried, nothing is left on disk."""

import os
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.private_files import PrivateFileUnavailable
from apps.documents import services
from apps.documents.models import DocumentRequest
from tests.private_storage import PREFIX, bucket_use, scratch_use
from tests.servers import S3Server

pytestmark = pytest.mark.django_db(transaction=True)

INN = "5036012344"
DOWN = "Хранилище файлов сейчас недоступно. Попробуйте ещё раз через несколько минут."


@pytest.fixture
def scratch(monkeypatch, tmp_path):
    return scratch_use(monkeypatch, tmp_path / "system-tmp")


@pytest.fixture
def s3(tmp_path, settings, monkeypatch):
    """A server of this test's own, since the test stops it; the portal's bucket is on it."""
    with S3Server(tmp_path / "s3") as server:
        server.bucket = bucket_use(settings, monkeypatch, server)
        yield server


def _request(client_org, fake_onec, *, size: int) -> DocumentRequest:
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), data=b"%PDF-" + os.urandom(size))
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email=client_org.email
    )
    request.refresh_from_db()
    return request


def _files_in(folder) -> list:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []


def test_a_download_while_the_bucket_is_down_tells_the_client_to_try_later(
    logged_in, client_org, fake_onec, settings, s3
):
    settings.EMAIL_MAX_ATTACHMENT_MB = 1
    request = _request(client_org, fake_onec, size=1_200_000)
    assert request.status == "sent"
    s3.stop()

    response = logged_in.get(reverse("cabinet:archive_download", args=[request.id]))

    assert response.status_code == 302  # not a 500
    assert response["Location"] == reverse("cabinet:document_request", args=[request.id])
    assert DOWN in logged_in.get(response["Location"]).content.decode()


def test_a_bucket_dying_mid_download_breaks_the_download_instead_of_ending_it_short(
    logged_in, client_org, fake_onec, settings, s3
):
    # Larger than the sockets' buffers, so that most of it is still to come when the server dies.
    request = _request(client_org, fake_onec, size=40 * 1024 * 1024)
    response = logged_in.get(reverse("cabinet:archive_download", args=[request.id]))
    chunks = iter(response.streaming_content)
    received = len(next(chunks))
    s3.stop(crash=True)

    with pytest.raises(PrivateFileUnavailable):
        for chunk in chunks:
            received += len(chunk)
    # The server drops the connection: the client's browser marks the download failed.
    assert received < request.archive_size
    response.close()


def test_an_archive_built_while_the_bucket_is_down_is_retried_and_leaves_nothing_on_disk(
    client_org, fake_onec, settings, s3, scratch
):
    s3.stop()
    request = _request(client_org, fake_onec, size=3 * 1024 * 1024)

    assert request.status == "retrying"  # the job state machine (apps/core/jobs.py) tries again
    assert request.next_attempt_at > timezone.now()
    assert "PrivateFileUnavailable" in request.last_error
    assert (request.archive_path, mail.outbox) == ("", [])
    assert _files_in(scratch) == []  # the ZIP built for the upload is gone
    assert _files_in(settings.PRIVATE_STORAGE_DIR) == []

    s3.start()  # back, empty (moto keeps nothing across a restart): the bucket made again
    s3.create_bucket(s3.bucket)
    with time_machine.travel(request.next_attempt_at + timedelta(seconds=1)):
        services.document_requests_sweep()
    request.refresh_from_db()
    assert request.status == "sent"
    assert [item["Key"] for item in s3.client().list_objects_v2(Bucket=s3.bucket)["Contents"]] == [
        f"{PREFIX}/{request.archive_path}"
    ]
    assert len(mail.outbox) == 1
    assert _files_in(scratch) == []
