"""A shipment's pack: its documents and certificates as one ZIP named after the shipment."""

import zipfile
from datetime import date
from io import BytesIO
from urllib.parse import unquote

import pytest
from django.urls import reverse

from apps.documents.models import DocumentDownload
from tests.shipments.conftest import PERIOD

pytestmark = pytest.mark.django_db


def pack_url(shipment_id: str) -> str:
    return reverse("cabinet:shipment_pack", args=[shipment_id])


def download(logged_in, shipment_id: str, params=PERIOD):
    return logged_in.get(pack_url(shipment_id), params)


def read_zip(response) -> zipfile.ZipFile:
    return zipfile.ZipFile(BytesIO(b"".join(response.streaming_content)))


def test_pack_holds_every_document_stored_and_is_named_after_the_shipment(logged_in, shipment):
    response = download(logged_in, shipment.id)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert "Отгрузка 123 от 05.11.2026.zip" in unquote(response["Content-Disposition"])
    archive = read_zip(response)
    names = archive.namelist()
    assert names == [
        "УПД 123 от 05.11.2026.pdf",
        "Сертификат качества СК-77-1 от 05.11.2026.pdf",
        "Сертификат качества СК-77-2 от 05.11.2026.pdf",
    ]
    assert all(info.compress_type == zipfile.ZIP_STORED for info in archive.infolist())
    assert archive.read(names[1]).startswith(b"%PDF-")


def test_pack_download_is_logged(logged_in, shipment, client_org):
    response = download(logged_in, shipment.id)
    size = len(b"".join(response.streaming_content))
    entry = DocumentDownload.objects.get(client=client_org)
    assert entry.what == DocumentDownload.What.SHIPMENT_PACK
    assert entry.title == "Отгрузка 123 от 05.11.2026.zip"
    assert entry.document_id == shipment.id and entry.size == size


def test_a_slash_in_the_shipment_number_is_a_dash_in_the_name(logged_in, onec, client_org):
    doc = onec.add_document(client_org.inn, "Closing", date(2026, 11, 5), number="12/3", type="УПД")
    shipment = onec.add_shipment(client_org.inn, date(2026, 11, 5), number="12/3", document_ids=[doc.id])
    response = download(logged_in, shipment.id)
    assert "Отгрузка 12-3 от 05.11.2026.zip" in unquote(response["Content-Disposition"])
    assert read_zip(response).namelist() == ["УПД 12-3 от 05.11.2026.pdf"]


def test_a_document_1c_does_not_find_is_left_out_and_named_in_a_note(logged_in, onec, shipment):
    lost = shipment.document_ids[2]
    onec.lose_document(lost)
    archive = read_zip(download(logged_in, shipment.id))
    assert "Сертификат качества СК-77-2 от 05.11.2026.pdf" not in archive.namelist()
    assert len(archive.namelist()) == 3 and "Не вошли в комплект.txt" in archive.namelist()
    note = archive.read("Не вошли в комплект.txt").decode("utf-8-sig")
    assert "123 от 05.11.2026" in note and lost in note


def test_a_pack_1c_has_nothing_of_is_refused_with_a_message(logged_in, onec, shipment):
    for document_id in shipment.document_ids:
        onec.lose_document(document_id)
    response = download(logged_in, shipment.id)
    assert response.status_code == 302
    html = logged_in.get(response["Location"]).content.decode()
    assert "Документы этой отгрузки ещё не готовы в 1С" in html
    assert not DocumentDownload.objects.exists()


def test_1c_down_while_packing_goes_back_with_a_message(logged_in, onec, shipment):
    logged_in.get(reverse("cabinet:shipments"), PERIOD)  # the list is kept: only the files fail
    onec.set_down()
    response = download(logged_in, shipment.id)
    assert response.status_code == 302 and response["Location"].startswith(reverse("cabinet:shipments"))
    assert "Сервис 1С временно недоступен" in logged_in.get(response["Location"]).content.decode()


def test_another_clients_shipment_id_is_404(logged_in, onec, outsider_org):
    doc = onec.add_document(outsider_org.inn, "Closing", date(2026, 11, 5))
    theirs = onec.add_shipment(outsider_org.inn, date(2026, 11, 5), document_ids=[doc.id])
    assert download(logged_in, theirs.id).status_code == 404
    assert not [call for call in onec.calls if call[0] == "GetDocumentFile"]


def test_a_shipment_outside_the_given_period_is_404(logged_in, shipment):
    assert download(logged_in, shipment.id, {"date_from": "2026-01-01", "date_to": "2026-01-31"}).status_code == 404


def test_an_unknown_shipment_id_is_404(logged_in, shipment):
    assert download(logged_in, "no-such-shipment").status_code == 404


def test_a_broken_period_in_the_pack_address_is_404(logged_in, shipment):
    assert download(logged_in, shipment.id, {"date_from": "2026-11-28", "date_to": "2026-01-01"}).status_code == 404
