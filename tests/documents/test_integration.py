"""An archive request end to end over real sockets: the 1C emulator over SOAP, SMTP on loopback."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from apps.documents import services

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_archive_arrives_by_smtp_with_exactly_the_listed_documents(client_org, onec_emulator, smtp_server):
    today = timezone.localdate()
    start, end = today - timedelta(days=120), today
    listed = onec_emulator.ledger.find(client_org.inn, "Closing", start, end)
    assert len(listed) >= 3  # the emulator's demo data has documents every week or two

    request, _ = services.document_request_create(
        client=client_org, kind="Closing", date_from=start, date_to=end, email="glavbuh@profkeramika.example"
    )
    request.refresh_from_db()

    assert request.status == "sent", request.last_error
    # The archive, and the notice to the default address, since the archive went to another one.
    by_recipient = {recipient: message for [recipient], message in smtp_server.messages}
    assert sorted(by_recipient) == ["buh@profkeramika.example", "glavbuh@profkeramika.example"]
    assert by_recipient["buh@profkeramika.example"]["Message-ID"].startswith(
        f"<portal.documents.request.{request.id}.notice@"
    )
    message = by_recipient["glavbuh@profkeramika.example"]
    assert message["Subject"] == "Отчет"
    assert message["Message-ID"] == f"<portal.documents.request.{request.id}.sent@podolskogneupor.ru>"
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename().startswith("Закрывающие документы ")
    archive = zipfile.ZipFile(io.BytesIO(attachment.get_content()))
    assert archive.testzip() is None
    contents = [archive.read(name) for name in archive.namelist()]
    # Exactly the documents 1C listed, in date order, byte for byte.
    assert contents == [onec_emulator.ledger.file(doc) for doc in listed]
    assert all(data.startswith(b"%PDF-") for data in contents)


def test_emulator_down_leaves_the_request_retrying(client_org, onec_emulator, smtp_server):
    onec_emulator.set_down()
    today = timezone.localdate()
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=today - timedelta(days=30), date_to=today, email="a@b.example"
    )
    request.refresh_from_db()
    assert request.status == "retrying"
    # No archive; only the notice that documents were asked for at another address, which the
    # owner gets although 1C is down.
    [(recipients, message)] = smtp_server.messages
    assert recipients == [client_org.email]
    assert "a@b.example" in message.get_body(("plain",)).get_content()


def test_organisation_unknown_to_1c_ends_not_found(db, onec_emulator, smtp_server):
    from tests.factories import make_client

    newcomer = make_client(name="ООО «Новый Клиент»", inn="5036000010")
    today = timezone.localdate()
    request, _ = services.document_request_create(
        client=newcomer, kind="Invoice", date_from=today - timedelta(days=30), date_to=today, email="a@b.example"
    )
    request.refresh_from_db()
    assert request.status == "not_found"


def test_files_are_fetched_in_parallel_up_to_the_limit(client_org, onec_emulator, smtp_server, settings):
    settings.ONEC_MAX_CONNECTIONS = 3
    onec_emulator.set_latency(60)
    today = timezone.localdate()
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=today - timedelta(days=180), date_to=today, email="a@b.example"
    )
    request.refresh_from_db()
    assert request.status == "sent"
    assert request.documents_fetched >= 6
    assert onec_emulator.stats.max_in_flight == 3
