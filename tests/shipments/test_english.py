"""«Отгрузки» in English: 1C's vehicle words and document types in English, the pack's and a
certificate's file names too; what the portal does not know stays as 1C wrote it."""

from datetime import date, timedelta
from urllib.parse import unquote

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.shipments.conftest import PERIOD
from tests.shipments.test_pack import download, read_zip

pytestmark = pytest.mark.django_db


def _in(browser, language: str):
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return browser


@pytest.fixture
def vehicles(onec, client_org):
    for n, vehicle in enumerate(["а/м А123ВЕ 50", "вагон № 52345678", "Полувагон 5234"]):
        onec.add_shipment(client_org.inn, date(2026, 11, 1 + n), number=f"7{n}", vehicle=vehicle)


def _vehicles(html: str) -> list[str]:
    return [cell.split("</td>")[0] for cell in html.split('class="shipment-vehicle">')[1:]]


def test_english_shipments_say_truck_and_wagon_and_keep_an_unknown_vehicle(logged_in, vehicles):
    html = _in(logged_in, "en").get(reverse("cabinet:shipments"), PERIOD).content.decode()
    assert _vehicles(html) == ["Полувагон 5234", "wagon No. 52345678", "truck А123ВЕ 50"]


def test_russian_shipments_show_the_vehicle_as_1c_wrote_it(logged_in, vehicles):
    html = _in(logged_in, "ru").get(reverse("cabinet:shipments"), PERIOD).content.decode()
    assert _vehicles(html) == ["Полувагон 5234", "вагон № 52345678", "а/м А123ВЕ 50"]


def test_an_english_pack_names_its_documents_in_english(logged_in, shipment):
    names = read_zip(download(_in(logged_in, "en"), shipment.id)).namelist()
    assert names == [
        "Universal transfer document 123 of 05.11.2026.pdf",
        "Quality certificate СК-77-1 of 05.11.2026.pdf",
        "Quality certificate СК-77-2 of 05.11.2026.pdf",
    ]


def test_english_certificates_are_listed_and_downloaded_in_english(logged_in, onec, client_org):
    day = timezone.localdate() - timedelta(days=30)
    known = onec.add_document(client_org.inn, "Certificate", day, number="СК-2026/118")
    onec.add_document(client_org.inn, "Certificate", day, number="СК-2026/119", type="Протокол испытаний")
    html = _in(logged_in, "en").get(reverse("cabinet:shipments"), {"certificate": "2026/11"}).content.decode()
    assert ">Quality certificate СК-2026/118</a>" in html
    assert ">Протокол испытаний СК-2026/119</a>" in html  # a type the portal does not know

    response = logged_in.get(reverse("cabinet:certificate_download", args=[known.id]))
    assert f"Quality certificate СК-2026-118 of {day:%d.%m.%Y}.pdf" in unquote(response["Content-Disposition"])
