"""«Заказы в работе» on the home page: loaded by htmx after the page (the home page never asks 1C),
a few open orders with their status and planned date, and a link to all of them."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.onec.client import OrderStatus
from tests.orders.conftest import HTMX, days, onec_calls

pytestmark = pytest.mark.django_db
PANEL = reverse("cabinet:orders_panel")


def panel(http) -> str:
    response = http.get(PANEL, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("role", ["accountant", "procurement", "admin"])
def test_the_home_page_holds_the_panels_place_and_asks_1c_nothing(person, onec, order, role):
    html = person(role).get(reverse("cabinet:home")).content.decode()
    assert f'hx-get="{PANEL}"' in html and "Заказы в работе" in html
    assert f'<a href="{reverse("cabinet:orders")}">Открыть заказы</a>' in html  # without JavaScript
    assert onec_calls(onec, "ListOrders") == 0 and onec_calls(onec, "GetOrder") == 0


def test_the_panel_shows_open_orders_with_status_and_planned_date(logged_in, onec, client_org, order):
    onec.add_order(client_org.inn, days(-1), number="DONE-1", status=OrderStatus.CLOSED)
    html = panel(logged_in)
    assert "Заказ № ЗК-12/2026" in html and reverse("cabinet:order_detail", args=[order.id]) in html
    assert ">Частично отгружен</span>" in html and f"отгрузка {days(8):%d.%m.%Y}" in html
    assert "DONE-1" not in html
    assert f'<a href="{reverse("cabinet:orders")}">Все заказы</a>' in html


def test_an_order_without_a_planned_date_says_so(logged_in, onec, client_org):
    onec.add_order(client_org.inn, days(-1), number="N1", status=OrderStatus.ACCEPTED)
    assert "дата отгрузки не назначена" in panel(logged_in)


def test_the_panel_shows_a_few_and_counts_the_rest(logged_in, onec, client_org):
    for n in range(7):
        onec.add_order(client_org.inn, days(-n), number=f"N-{n}", status=OrderStatus.IN_PRODUCTION)
    html = panel(logged_in)
    assert html.count("Заказ № N-") == 5 and "N-5" not in html
    assert "Всего заказов в работе: 7." in html


def test_no_open_orders_says_so(logged_in, onec):
    assert "Открытых заказов нет." in panel(logged_in)


def test_the_panel_and_the_list_share_one_1c_call(logged_in, onec, order):
    panel(logged_in)
    logged_in.get(reverse("cabinet:orders"))
    assert onec_calls(onec, "ListOrders") == 1


def test_without_htmx_the_panel_is_the_list(logged_in, onec):
    response = logged_in.get(PANEL)
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:orders")


def test_1c_down_shows_the_last_orders_with_their_time(logged_in, onec, order):
    taken = timezone.now()
    with time_machine.travel(taken, tick=False):
        panel(logged_in)
    onec.set_down()
    with time_machine.travel(taken + timedelta(minutes=6), tick=False):
        html = panel(logged_in)
    assert "Сервис 1С временно недоступен" in html and "Показаны последние полученные данные" in html
    assert "ЗК-12/2026" in html


def test_a_base_without_orders_says_they_are_not_available(logged_in, onec):
    onec.set_version("1.1")
    assert "Информация о заказах пока недоступна" in panel(logged_in)
