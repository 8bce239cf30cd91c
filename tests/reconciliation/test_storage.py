"""Act PDFs and clients' signed scans live in the private storage — each test runs on the local
folder and on a bucket of a real S3 server — and come back byte for byte, streamed; when the bucket
is down, clients and staff are told to try again and the act's fetch is retried."""

import hashlib
import io
import os
from datetime import date

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import StreamingHttpResponse
from django.test import Client
from django.urls import reverse

from apps.reconciliation import services
from apps.reconciliation.models import ReconciliationAct
from tests.private_storage import PREFIX, bucket_use, scratch_use
from tests.reconciliation.conftest import INN
from tests.servers import S3Server

pytestmark = pytest.mark.django_db(transaction=True)

DOWN = "Хранилище файлов сейчас недоступно. Попробуйте ещё раз через несколько минут."


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _body(response) -> bytes:
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    return b"".join(response.streaming_content)


def _staff(user) -> Client:
    staff = Client()
    staff.force_login(user)
    return staff


def _large_scan() -> bytes:
    """A real PNG of about 3 MB: past Django's 2.5 MB, so the upload waits in a temporary file."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.frombytes("RGB", (1000, 1000), os.urandom(3_000_000)).save(buffer, format="PNG")
    assert len(buffer.getvalue()) > 2_621_440
    return buffer.getvalue()


def _upload_signed(logged_in, act, data: bytes):
    upload = SimpleUploadedFile("акт подписан.png", data, content_type="image/png")
    return logged_in.post(reverse("cabinet:act_answer", args=[act.id]), {"kind": "signed_copy", "signed-file": upload})


def test_the_acts_pdf_is_stored_and_read_back_by_the_reviewer_and_the_email(private_storage, act_in_review, reviewer):
    act = act_in_review
    assert private_storage.names() == [act.file_path]
    if private_storage.kind == "s3":
        assert private_storage.keys() == [f"{PREFIX}/{act.file_path}"]

    pdf = _staff(reviewer).get(reverse("admin:reconciliation_reconciliationact_pdf", args=[act.id]))
    assert _sha(_body(pdf)) == private_storage.sha256(act.file_path) == _sha(b"%PDF-1.4 act from 1C")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("inline;")  # shown in the browser's viewer

    mail.outbox.clear()
    services.act_approve(act=act, actor=reviewer)
    [message] = mail.outbox
    assert message.attachments[0][1] == b"%PDF-1.4 act from 1C"  # read from the storage when sending
    assert private_storage.on_disk() == []


def test_a_signed_scan_is_stored_and_comes_back_byte_for_byte_to_the_client_and_staff(
    private_storage, logged_in, sent_act, reviewer
):
    scan = _large_scan()
    assert _upload_signed(logged_in, sent_act, scan).status_code == 302
    answer = sent_act.answers.get()
    assert answer.file_path in private_storage.names()
    assert private_storage.sha256(answer.file_path) == _sha(scan)
    assert private_storage.on_disk() == []  # the upload's temporary file went with its request

    mine = logged_in.get(reverse("cabinet:act_answer_file", args=[sent_act.id, answer.id]))
    assert _sha(_body(mine)) == _sha(scan)
    assert mine["Content-Length"] == str(len(scan))
    assert mine["Content-Disposition"].startswith("attachment;")
    url = reverse("admin:reconciliation_reconciliationact_answer_file", args=[sent_act.id, answer.id])
    assert _sha(_body(_staff(reviewer).get(url))) == _sha(scan)
    assert private_storage.on_disk() == []


# --- The bucket down ------------------------------------------------------------------------------


@pytest.fixture
def s3(tmp_path, settings, monkeypatch):
    """A bucket on a server of this test's own, which it stops; a fresh temporary folder to watch."""
    scratch_use(monkeypatch, tmp_path / "system-tmp")
    with S3Server(tmp_path / "s3") as server:
        bucket_use(settings, monkeypatch, server)
        yield server


def test_a_scan_sent_while_the_bucket_is_down_is_not_recorded_and_the_client_may_send_it_again(
    s3, logged_in, sent_act, png_bytes, tmp_path
):
    s3.stop()
    response = _upload_signed(logged_in, sent_act, png_bytes)
    assert response.status_code == 503  # the form again, not a 500
    assert DOWN in response.content.decode()
    assert not sent_act.answers.exists()
    sent_act.refresh_from_db()
    assert sent_act.client_answer == ReconciliationAct.Answer.NONE
    assert list((tmp_path / "system-tmp").iterdir()) == []


def test_downloads_while_the_bucket_is_down_tell_the_client_and_staff_to_try_later(
    s3, logged_in, sent_act, png_bytes, reviewer
):
    assert _upload_signed(logged_in, sent_act, png_bytes).status_code == 302
    answer = sent_act.answers.get()
    s3.stop()

    mine = logged_in.get(reverse("cabinet:act_answer_file", args=[sent_act.id, answer.id]))
    assert mine.status_code == 302
    assert DOWN in logged_in.get(mine["Location"]).content.decode()
    staff = _staff(reviewer)
    for name, args in (("pdf", [sent_act.id]), ("answer_file", [sent_act.id, answer.id])):
        response = staff.get(reverse(f"admin:reconciliation_reconciliationact_{name}", args=args))
        assert response.status_code == 302
        assert DOWN in staff.get(response["Location"]).content.decode()


def test_an_act_fetched_while_the_bucket_is_down_is_retried(s3, client_org, fake_onec):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    s3.stop()
    act = services.act_order_create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email, language="ru"
    )
    act.refresh_from_db()
    assert act.status == "retrying"  # apps/core/jobs.py: tried again shortly
    assert act.next_attempt_at is not None
    assert "PrivateFileUnavailable" in act.last_error
    assert act.file_path == ""
