import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core import mail
from django.core.files.storage import storages
from django.utils import timezone

from apps.core import jobs
from apps.documents import services
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)

JAN = (date(2026, 1, 1), date(2026, 1, 31))


def _request(client_org, kind="Invoice", period=JAN, email="buh@profkeramika.example"):
    request, created = services.document_request_create(
        client=client_org, kind=kind, date_from=period[0], date_to=period[1], email=email
    )
    request.refresh_from_db()
    return request, created


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()]


def _zip_names(message) -> list[str]:
    (_name, content, _mimetype) = message.attachments[0]
    return zipfile.ZipFile(io.BytesIO(content)).namelist()


def test_documents_for_the_period_are_emailed_as_one_zip(client_org, fake_onec):
    a = fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 20), number="12", data=b"%PDF-a")
    b = fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5), number="7", data=b"%PDF-b")
    fake_onec.add_document("5036012344", "Invoice", date(2026, 2, 1), number="99")  # outside the period
    fake_onec.add_document("5036012344", "Closing", date(2026, 1, 10), number="5")  # another kind

    request, created = _request(client_org)

    assert created
    assert request.status == "sent"
    assert (request.documents_total, request.documents_fetched) == (2, 2)
    [message] = mail.outbox
    assert message.to == ["buh@profkeramika.example"]
    assert message.subject == "Отчет"
    assert "Запрошенный вами отчет в прикрепленном архиве" in message.body
    assert "01.01.2026 – 31.01.2026" in message.body
    [sender] = message.message()["From"].addresses  # the display name keeps its quotes
    assert (sender.display_name, sender.addr_spec) == ('АО "Подольскогнеупор"', "admin@podolskogneupor.ru")
    filename, content, _mimetype = message.attachments[0]
    assert filename == "Счета 01.01.2026-31.01.2026.zip"
    archive = zipfile.ZipFile(io.BytesIO(content))
    # Sorted by date, readable names, bytes exactly as 1C gave them.
    assert archive.namelist() == [
        f"2026-01-05 {Path(b.file_name).stem}.pdf",
        f"2026-01-20 {Path(a.file_name).stem}.pdf",
    ]
    assert archive.read(archive.namelist()[0]) == b"%PDF-b"
    assert all(info.flag_bits & 0x800 for info in archive.infolist())  # UTF-8 names


def test_english_client_gets_the_email_in_english(client_org, fake_onec):
    client_org.language = "en"
    client_org.save()
    fake_onec.add_document("5036012344", "Closing", date(2026, 1, 5))
    _request(client_org, kind="Closing")
    [message] = mail.outbox
    assert message.subject == "Report"
    assert "Closing documents archive" in message.body  # the kind, too, in the client's language
    assert "Архив" not in message.body
    filename, content, _mimetype = message.attachments[0]
    assert filename == "Closing documents 01.01.2026-31.01.2026.zip"
    [entry] = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert entry.endswith(" of 05.01.2026.pdf")


def test_no_documents_in_the_period_ends_empty_without_email(client_org, fake_onec):
    fake_onec.add_client("5036012344")
    request, _ = _request(client_org)
    assert request.status == "empty"
    assert mail.outbox == []


def test_unknown_organisation_ends_not_found(client_org, fake_onec):
    request, _ = _request(client_org)
    assert request.status == "not_found"
    assert mail.outbox == []


def test_1c_down_is_retried_then_marked_unavailable_after_the_window(client_org, fake_onec, settings):
    settings.ONEC_RETRY_WINDOW_MINUTES = 30
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = _request(client_org)
    assert request.status == "retrying"  # the client already sees «Сервис 1С временно недоступен»
    assert request.next_attempt_at > timezone.now()

    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        services.document_requests_sweep()
    request.refresh_from_db()
    assert request.status == "unavailable"
    assert request.attempts == 2
    # No documents; instead the client hears that 1C never answered, and so do staff.
    assert sorted(message.to[0] for message in mail.outbox) == sorted([request.email, settings.STAFF_NOTIFY_EMAIL])
    assert not any(message.attachments for message in mail.outbox)


def test_1c_coming_back_during_the_window_sends_the_documents(client_org, fake_onec):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = _request(client_org)
    fake_onec.set_down(False)
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        services.document_requests_sweep()
    request.refresh_from_db()
    assert request.status == "sent"
    assert len(mail.outbox) == 1


def test_1c_dropping_mid_archive_is_retried_not_half_sent(client_org, fake_onec, settings):
    for day in range(1, 6):
        fake_onec.add_document("5036012344", "Invoice", date(2026, 1, day))
    fake_onec.fail_after(3)  # the list and two files, then 1C goes away
    request, _ = _request(client_org)
    assert request.status == "retrying"
    assert mail.outbox == []
    assert _files_in(settings.PRIVATE_STORAGE_DIR) == []  # no half-written archive, stored or scratch


def test_a_document_1c_no_longer_has_is_left_out_and_named_in_the_email(client_org, fake_onec):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5), number="1")
    lost = fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 6), number="2")
    fake_onec.lose_document(lost.id)
    request, _ = _request(client_org)
    assert request.status == "sent"
    assert request.documents_missing == 1
    [message] = mail.outbox
    assert len(_zip_names(message)) == 1
    assert "№ 2" in message.body


def test_unsafe_and_repeated_names_become_safe_unique_entries(client_org, fake_onec):
    # 1C's free text reaches the names through the file name, the type and the number.
    for number, file_name in [
        ("1", "../../etc/passwd.pdf"),
        ("1/2", "Счет 1/2 от 05.01.2026.pdf"),
        ("1/2", "Счет 1/2 от 05.01.2026.pdf"),
        ('a<b>:"|?*', 'a<b>:"|?*.pdf'),
        ("CON", "CON.pdf"),
        ("..\\..\\x", "x.pdf"),
    ]:
        fake_onec.add_document(
            "5036012344", "Invoice", date(2026, 1, 5), number=number, file_name=file_name, type="Счет"
        )
    _request(client_org)
    names = _zip_names(mail.outbox[0])
    assert len(set(names)) == 6
    for name in names:
        assert "/" not in name and "\\" not in name and ".." not in name
        assert not any(ch in name for ch in '<>:"|?*')
        assert name.startswith("2026-01-05 Счет ")
        assert name.endswith((" от 05.01.2026.pdf", " от 05.01.2026 (2).pdf"))
    # A slash inside a number is not a folder: the whole number stays, readable.
    assert "2026-01-05 Счет 1-2 от 05.01.2026.pdf" in names
    assert "2026-01-05 Счет 1-2 от 05.01.2026 (2).pdf" in names
    assert "2026-01-05 Счет 1 от 05.01.2026.pdf" in names  # not «passwd»


def test_same_request_in_progress_is_not_queued_twice(client_org, fake_onec):
    fake_onec.set_down()
    first, created_first = _request(client_org)
    second, created_second = _request(client_org)
    assert created_first and not created_second
    assert first.id == second.id
    assert DocumentRequest.objects.count() == 1
    # Another address is another request.
    _, created_other = _request(client_org, email="other@profkeramika.example")
    assert created_other


def test_hourly_limit_refuses_with_a_clear_message(client_org, fake_onec, settings):
    settings.REQUESTS_PER_HOUR = 2
    fake_onec.add_client("5036012344")
    _request(client_org, period=(date(2026, 1, 1), date(2026, 1, 2)))
    _request(client_org, period=(date(2026, 1, 1), date(2026, 1, 3)))
    with pytest.raises(services.RequestLimitExceeded) as error:
        _request(client_org, period=(date(2026, 1, 1), date(2026, 1, 4)))
    assert "Слишком много запросов" in str(error.value.message)
    assert DocumentRequest.objects.count() == 2


def test_large_archive_is_linked_not_attached(client_org, fake_onec, settings):
    settings.EMAIL_MAX_ATTACHMENT_MB = 1
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5), data=__import__("os").urandom(1_200_000))
    request, _ = _request(client_org)
    [message] = mail.outbox
    assert message.attachments == []
    assert f"/documents/requests/{request.id}/archive/" in message.body
    assert "Запрошенный вами отчёт готов." in message.body  # our own words write ё; the guide's keep its «отчет»
    assert request.archive_expires_at > timezone.now() + timedelta(days=6)


def test_task_running_twice_sends_one_email(client_org, fake_onec):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    request, _ = _request(client_org)
    services.document_request_process(request_id=request.id)  # a second delivery of the same task
    services.document_requests_sweep()
    assert len(mail.outbox) == 1
    assert OutgoingEmail.objects.count() == 1
    request.refresh_from_db()
    assert request.status == "sent" and request.attempts == 1


def test_watchdog_revives_a_request_whose_worker_died(client_org, fake_onec):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = _request(client_org)
    # As if a worker had claimed it and was killed: running, with an old heartbeat.
    long_ago = timezone.now() - timedelta(hours=1)
    DocumentRequest.objects.filter(id=request.id).update(status="running", heartbeat_at=long_ago, claimed_at=long_ago)
    fake_onec.set_down(False)
    result = services.document_requests_sweep()
    assert result["revived"] == 1
    request.refresh_from_db()
    assert request.status == "sent"
    assert len(mail.outbox) == 1


def test_watchdog_fails_a_request_that_keeps_killing_its_worker(client_org, fake_onec):
    fake_onec.set_down()
    request, _ = _request(client_org)
    long_ago = timezone.now() - timedelta(hours=1)
    DocumentRequest.objects.filter(id=request.id).update(
        status="running", heartbeat_at=long_ago, attempts=jobs.MAX_ATTEMPTS
    )
    services.document_requests_sweep()
    request.refresh_from_db()
    assert request.status == "failed"
    assert request.finished_at is not None


def test_expired_archives_are_deleted(client_org, fake_onec):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    request, _ = _request(client_org)
    storage = storages["private"]
    assert storage.exists(request.archive_path)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert services.archives_expire() == 1
    assert not storage.exists(request.archive_path)
    request.refresh_from_db()
    assert request.archive_deleted_at is not None


def test_staff_retry_requeues_an_unavailable_request(client_org, fake_onec, staff_user, settings):
    settings.ONEC_RETRY_WINDOW_MINUTES = 0
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = _request(client_org)
    assert request.status == "unavailable"
    fake_onec.set_down(False)
    assert services.document_request_retry(request=request, actor=staff_user)
    request.refresh_from_db()
    assert request.status == "sent"
