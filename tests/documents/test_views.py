import io
import zipfile
from datetime import date

import pytest
from django.urls import reverse

from apps.documents.models import DocumentRequest

pytestmark = pytest.mark.django_db(transaction=True)


def _post(client, **data):
    values = {"date_from": "2026-01-01", "date_to": "2026-01-31", "email": "buh@profkeramika.example", **data}
    return client.post(reverse("cabinet:documents_invoice"), values, follow=True)


def test_form_is_prefilled_with_the_clients_address(logged_in):
    html = logged_in.get(reverse("cabinet:documents_invoice")).content.decode()
    assert 'value="buh@profkeramika.example"' in html
    for label in ("Начало периода", "Конец периода", "E-mail"):
        assert f">{label}<" in html
    assert 'type="date"' in html


def test_invalid_input_creates_no_request(logged_in, fake_onec):
    html = _post(logged_in, date_from="2026-02-01", date_to="2026-01-01").content.decode()
    assert "Дата конца периода меньше даты начала" in html
    assert DocumentRequest.objects.count() == 0


def test_valid_request_shows_its_outcome(logged_in, fake_onec):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    html = _post(logged_in).content.decode()
    assert "Документы отправлены на электронную почту buh@profkeramika.example" in html


def test_hourly_limit_is_shown_on_the_form(logged_in, fake_onec, settings):
    settings.REQUESTS_PER_HOUR = 1
    fake_onec.add_client("5036012344")
    _post(logged_in)
    html = _post(logged_in, date_to="2026-01-30").content.decode()
    assert "Слишком много запросов за час" in html
    assert DocumentRequest.objects.count() == 1


def test_status_fragment_polls_while_running_and_stops_when_final(logged_in, client_org):
    request = DocumentRequest.objects.create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31),
        email="a@b.example", status="running", documents_total=10, documents_fetched=3,
    )  # fmt: skip
    url = reverse("cabinet:document_request", args=[request.id])
    fragment = logged_in.get(url, headers={"hx-request": "true"}).content.decode()
    assert "Обработка" in fragment and "Получено документов: 3 из 10" in fragment
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment  # only the fragment, swapped in place

    DocumentRequest.objects.filter(id=request.id).update(status="empty")
    fragment = logged_in.get(url, headers={"hx-request": "true"}).content.decode()
    assert "За данный период документов нет" in fragment
    assert "hx-trigger" not in fragment


def test_another_client_cannot_see_or_download_a_request(client, client_org, outsider_org, fake_onec, settings):
    settings.EMAIL_MAX_ATTACHMENT_MB = 1
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5), data=b"%PDF-" + bytes(1_300_000))
    client.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    _post(client)
    request = DocumentRequest.objects.get()
    download = reverse("cabinet:archive_download", args=[request.id])

    response = client.get(download)
    assert response.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert len(archive.namelist()) == 1

    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert client.get(download).status_code == 404
    assert client.get(reverse("cabinet:document_request", args=[request.id])).status_code == 404

    client.logout()
    assert client.get(download).status_code == 302  # to the login page, never the file
