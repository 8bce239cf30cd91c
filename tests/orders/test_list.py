"""«Заказы»: every open order and the finished ones of a period, open first, each with its number,
date, status in words, planned shipping date, amount and what is paid; what the page says when
1C is down, has no orders yet (a base before v1.2) or does not know the organisation."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.onec.client import OrderStatus
from tests.orders.conftest import days, onec_calls

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")
LIST = reverse("cabinet:orders")


def page(http, params=None) -> str:
    response = http.get(LIST, params or {})
    assert response.status_code == 200
    return response.content.decode()


def test_an_order_shows_its_number_date_status_planned_date_amount_and_paid(logged_in, order):
    html = page(logged_in)
    assert reverse("cabinet:order_detail", args=[order.id]) in html and ">ЗК-12/2026</a>" in html
    assert f"{days(-20):%d.%m.%Y}" in html and f"{days(8):%d.%m.%Y}" in html
    assert ">Частично отгружен</span>" in html
    assert "290\xa0000,00\xa0₽" in html and "150\xa0000,00\xa0₽" in html


def test_open_orders_come_first_whatever_their_date(logged_in, onec, client_org):
    onec.add_order(client_org.inn, days(-1), number="N-CLOSED", status=OrderStatus.CLOSED, planned_date=days(-2))
    onec.add_order(client_org.inn, days(-400), number="N-OLD-OPEN", status=OrderStatus.ACCEPTED)
    onec.add_order(client_org.inn, days(-2), number="N-CANCELLED", status=OrderStatus.CANCELLED)
    html = page(logged_in)
    assert html.index("N-OLD-OPEN") < html.index("N-CLOSED") < html.index("N-CANCELLED")
    assert ">Выполнен</span>" in html and ">Отменён</span>" in html and ">Принят</span>" in html
    assert f"{days(-2):%d.%m.%Y}" not in html.split("N-CLOSED")[1].split("</tr>")[0]  # no plan for a done one


def test_an_unknown_status_word_is_shown_as_1c_wrote_it(logged_in, onec, client_org):
    onec.add_order(client_org.inn, days(-1), number="7", status="OnHold")
    assert ">OnHold</span>" in page(logged_in)


def test_the_period_chooses_the_finished_orders(logged_in, onec, client_org):
    onec.add_order(client_org.inn, days(-40), number="OLD-DONE", status=OrderStatus.CLOSED)
    params = {"date_from": days(-10).isoformat(), "date_to": days(0).isoformat()}
    assert "OLD-DONE" not in page(logged_in, params)
    assert "OLD-DONE" in page(logged_in)
    assert "Открытые заказы показаны всегда, выполненные и отменённые — за выбранный период." in page(logged_in)


def test_the_default_period_is_the_last_three_months(logged_in, onec, client_org):
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=MSK), tick=False):
        html = page(logged_in)
    assert onec.calls[-1][2:] == (datetime(2026, 8, 28).date(), datetime(2026, 11, 28).date())
    assert 'value="2026-08-28"' in html and 'value="2026-11-28"' in html


def test_a_reversed_period_is_refused_before_1c_is_asked(logged_in, onec):
    html = page(logged_in, {"date_from": days(0).isoformat(), "date_to": days(-5).isoformat()})
    assert "Дата конца периода меньше даты начала" in html
    assert onec_calls(onec, "ListOrders") == 0


def test_no_orders_says_so(logged_in, onec):
    html = page(logged_in)
    assert "Заказов нет" in html
    assert "Открытых заказов нет, выполненных и отменённых за этот период — тоже." in html


def test_the_list_is_kept_a_few_minutes_per_period(logged_in, onec, order):
    page(logged_in)
    page(logged_in)
    assert onec_calls(onec, "ListOrders") == 1
    page(logged_in, {"date_from": days(-10).isoformat(), "date_to": days(0).isoformat()})
    assert onec_calls(onec, "ListOrders") == 2


def test_1c_down_shows_the_last_list_with_the_time_it_was_taken(logged_in, onec, order):
    # From the suite's own clock, not a fixed hour: 09:15 today lies nine hours ahead at 00:20,
    # past the session's idle limit, and the page would be the login's.
    taken = timezone.localtime(timezone.now(), MSK).replace(second=0, microsecond=0)
    with time_machine.travel(taken, tick=False):
        page(logged_in)
    onec.set_down()
    with time_machine.travel(taken + timedelta(minutes=10), tick=False):
        html = page(logged_in)
    assert "Сервис 1С временно недоступен" in html
    assert f"Показаны последние полученные данные — на {taken:%d.%m.%Y %H:%M}." in html
    assert "ЗК-12/2026" in html


def test_1c_down_with_nothing_kept_says_it_is_unavailable(logged_in, onec):
    onec.set_down()
    html = page(logged_in)
    assert "Сервис 1С временно недоступен" in html and "Показаны последние" not in html


@pytest.mark.parametrize("version", ["1.0", "1.1"])
def test_a_base_without_orders_says_they_are_not_available_and_other_pages_keep_working(
    logged_in, onec, client_org, version
):
    onec.set_version(version)
    html = page(logged_in)
    assert "Информация о заказах пока недоступна" in html
    assert "Сервис 1С" not in html
    assert logged_in.get(reverse("cabinet:home")).status_code == 200
    assert logged_in.get(reverse("cabinet:register")).status_code == 200


def test_an_organisation_1c_does_not_know_is_said_as_on_other_pages(logged_in, fake_onec):
    assert "Ваша организация не найдена в 1С" in page(logged_in)


def test_another_organisations_orders_are_never_listed(logged_in, onec, outsider_org):
    onec.add_order(outsider_org.inn, days(-1), number="CHUZHOY")
    assert "CHUZHOY" not in page(logged_in)


@pytest.mark.parametrize("role", ["accountant", "procurement", "admin"])
def test_every_role_opens_the_orders(person, order, role):
    assert "ЗК-12/2026" in page(person(role))


def test_the_list_in_english_keeps_1cs_numbers_and_translated_headings(logged_in, order):
    logged_in.post(reverse("cabinet:language"), {"language": "en", "next": "/"})
    html = page(logged_in)
    assert "ЗК-12/2026" in html and "290,000.00\xa0₽" in html
    assert ">Date</th>" in html and ">Amount</th>" in html and ">Paid</th>" in html
