"""«Отгрузки»: the client's shipments for a period, with status, date, vehicle and amount."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.shipments.conftest import PERIOD

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")


def page(logged_in, params=PERIOD) -> str:
    response = logged_in.get(reverse("cabinet:shipments"), params)
    assert response.status_code == 200
    return response.content.decode()


def test_a_shipment_shows_its_number_date_status_vehicle_amount_and_pack(logged_in, shipment):
    html = page(logged_in)
    assert "123" in html and "05.11.2026" in html
    assert "Доставлена" in html and "Вагон 52345678" in html
    assert "480\xa0000,00\xa0₽" in html
    assert reverse("cabinet:shipment_pack", args=[shipment.id]) + "?date_from=2026-09-01&amp;date_to=2026-11-28" in html


@pytest.mark.parametrize(
    ("status", "shown"),
    [("Planned", "Планируется"), ("Shipped", "Отгружена"), ("Delivered", "Доставлена"), ("Lost", "Lost")],
)
def test_statuses_are_said_in_words_and_an_unknown_one_as_1c_wrote_it(logged_in, onec, client_org, status, shown):
    onec.add_shipment(client_org.inn, date(2026, 11, 1), number="7", status=status)
    assert f">{shown}</span>" in page(logged_in)


def test_a_shipment_without_documents_says_they_are_not_ready(logged_in, onec, client_org):
    onec.add_shipment(client_org.inn, date(2026, 11, 1), number="8", status="Planned")
    html = page(logged_in)
    assert "Документы ещё не готовы" in html
    assert "/pack/" not in html


def test_default_period_is_the_last_three_months(logged_in, onec, client_org):
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=MSK), tick=False):
        html = page(logged_in, {})
    assert ("ListShipments", client_org.inn, date(2026, 8, 28), date(2026, 11, 28)) in onec.calls
    assert 'value="2026-08-28"' in html and 'value="2026-11-28"' in html


def test_default_period_on_the_31st_ends_in_a_short_month(logged_in, onec, client_org):
    with time_machine.travel(datetime(2026, 5, 31, 12, 0, tzinfo=MSK), tick=False):
        page(logged_in, {})
    assert ("ListShipments", client_org.inn, date(2026, 2, 28), date(2026, 5, 31)) in onec.calls


def test_a_reversed_period_is_refused_before_1c_is_asked(logged_in, onec):
    html = page(logged_in, {"date_from": "2026-11-28", "date_to": "2026-11-01"})
    assert "Дата конца периода меньше даты начала" in html
    assert not [call for call in onec.calls if call[0] == "ListShipments"]


def test_an_empty_period_says_there_are_no_shipments(logged_in, onec):
    assert "За этот период отгрузок нет" in page(logged_in)


def test_the_list_is_kept_a_few_minutes_per_client_and_period(logged_in, onec, shipment):
    page(logged_in)
    page(logged_in)
    assert sum(1 for call in onec.calls if call[0] == "ListShipments") == 1
    page(logged_in, {"date_from": "2026-10-01", "date_to": "2026-11-28"})
    assert sum(1 for call in onec.calls if call[0] == "ListShipments") == 2


def test_1c_down_says_so(logged_in, onec):
    onec.set_down()
    assert "Сервис 1С временно недоступен" in page(logged_in)


def test_a_v10_base_says_shipments_are_not_available_yet(logged_in, onec):
    onec.set_version("1.0")
    html = page(logged_in)
    assert "Информация об отгрузках пока недоступна" in html
    assert "Сервис 1С временно недоступен" not in html
    assert 'name="certificate"' not in html


def test_another_clients_shipments_are_not_listed(logged_in, onec, outsider_org):
    onec.add_shipment(outsider_org.inn, date(2026, 11, 2), number="ЧУЖАЯ-1")
    assert "ЧУЖАЯ-1" not in page(logged_in)
