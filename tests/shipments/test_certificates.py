"""Certificates found by their number among the client's own, and downloaded one by one."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.documents.models import DocumentDownload

pytestmark = pytest.mark.django_db


def search(logged_in, query: str) -> str:
    return logged_in.get(reverse("cabinet:shipments"), {"certificate": query}).content.decode()


@pytest.fixture
def certificates(onec, client_org):
    today = timezone.localdate()
    return {
        "slash": onec.add_document(client_org.inn, "Certificate", today - timedelta(days=30), number="СК-2026/118"),
        "other": onec.add_document(client_org.inn, "Certificate", today - timedelta(days=60), number="ПП-4410"),
        "old": onec.add_document(client_org.inn, "Certificate", today - timedelta(days=900), number="СК-2023/5"),
    }


def test_search_finds_a_certificate_by_part_of_its_number(logged_in, certificates):
    html = search(logged_in, "2026/118")
    assert "СК-2026/118" in html and "ПП-4410" not in html
    assert reverse("cabinet:certificate_download", args=[certificates["slash"].id]) in html


def test_search_ignores_case_spaces_and_dashes(logged_in, certificates):
    assert "СК-2026/118" in search(logged_in, "ск 2026/118")


def test_search_looks_back_two_years_only(logged_in, certificates):
    assert "Сертификатов с номером «СК-2023/5» за последние два года не найдено." in search(logged_in, "СК-2023/5")


def test_another_clients_certificate_is_not_found(logged_in, onec, outsider_org, certificates):
    onec.add_document(outsider_org.inn, "Certificate", timezone.localdate(), number="ЧУЖОЙ-1")
    assert "не найдено" in search(logged_in, "ЧУЖОЙ-1")


def test_the_certificate_list_is_kept_between_searches(logged_in, onec, certificates):
    search(logged_in, "СК")
    search(logged_in, "ПП")
    assert sum(1 for call in onec.calls if call[0] == "ListDocuments") == 1


def test_a_certificate_downloads_as_its_pdf_named_safely_and_is_logged(logged_in, certificates, client_org):
    document = certificates["slash"]
    response = logged_in.get(reverse("cabinet:certificate_download", args=[document.id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    name = f"Сертификат качества СК-2026-118 от {document.date:%d.%m.%Y}.pdf"
    assert name in unquote(response["Content-Disposition"])
    entry = DocumentDownload.objects.get(client=client_org)
    assert entry.what == DocumentDownload.What.DOCUMENT and entry.title == name and entry.document_id == document.id


def test_another_clients_certificate_id_is_404(logged_in, onec, outsider_org, certificates):
    theirs = onec.add_document(outsider_org.inn, "Certificate", timezone.localdate(), number="ЧУЖОЙ-1")
    assert logged_in.get(reverse("cabinet:certificate_download", args=[theirs.id])).status_code == 404
    assert not [call for call in onec.calls if call[0] == "GetDocumentFile"]


def test_a_closing_document_is_not_a_certificate(logged_in, onec, client_org, certificates):
    closing = onec.add_document(client_org.inn, "Closing", timezone.localdate())
    assert logged_in.get(reverse("cabinet:certificate_download", args=[closing.id])).status_code == 404


def test_a_certificate_1c_lost_goes_back_with_a_message(logged_in, onec, certificates):
    onec.lose_document(certificates["other"].id)
    response = logged_in.get(reverse("cabinet:certificate_download", args=[certificates["other"].id]), follow=True)
    assert "1С не нашла файл этого сертификата" in response.content.decode()
    assert not DocumentDownload.objects.exists()


def test_search_with_1c_down_says_so(logged_in, onec, certificates):
    onec.set_down()
    assert "Сервис 1С временно недоступен" in search(logged_in, "СК")


def test_search_on_a_v10_base_is_not_offered(logged_in, onec):
    onec.set_version("1.0")
    html = search(logged_in, "СК")
    assert "Информация об отгрузках пока недоступна" in html
    assert not [call for call in onec.calls if call[0] == "ListDocuments"]


def test_shipment_and_certificate_urls_need_a_login(client, certificates, shipment):
    for url in (
        reverse("cabinet:shipments"),
        reverse("cabinet:shipment_pack", args=[shipment.id]),
        reverse("cabinet:certificate_download", args=[certificates["slash"].id]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_search_includes_todays_certificates(logged_in, onec, client_org):
    onec.add_document(client_org.inn, "Certificate", timezone.localdate(), number="СК-СЕГОДНЯ")
    assert "СК-СЕГОДНЯ" in search(logged_in, "сегодня")
