"""Settlements are kept a few minutes per client: the panel, the page and the XLSX share one 1C
call; «Обновить» asks 1C again."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")
HTMX = {"HTTP_HX_REQUEST": "true"}


def settlements_calls(onec) -> int:
    return sum(1 for call in onec.calls if call[0] == "GetSettlements")


def test_panel_page_and_xlsx_make_one_1c_call(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00")
    logged_in.get(reverse("cabinet:settlements_panel"), **HTMX)
    logged_in.get(reverse("cabinet:settlements"))
    logged_in.get(reverse("cabinet:settlements_xlsx"))
    assert settlements_calls(onec) == 1


def test_refresh_on_the_panel_asks_1c_again(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00")
    logged_in.get(reverse("cabinet:settlements_panel"), **HTMX)
    onec.set_settlements(client_org.inn, "0.00")
    html = logged_in.get(reverse("cabinet:settlements_panel"), {"refresh": "1"}, **HTMX).content.decode()
    assert settlements_calls(onec) == 2
    assert "Задолженности нет" in html


def test_refresh_on_the_page_asks_1c_again(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00")
    logged_in.get(reverse("cabinet:settlements"))
    onec.set_settlements(client_org.inn, "-1000.00")
    html = logged_in.get(reverse("cabinet:settlements"), {"refresh": "1"}).content.decode()
    assert settlements_calls(onec) == 2
    assert "Ваша переплата (аванс): 1\xa0000,00\xa0₽" in html


def test_a_refresh_that_finds_1c_down_says_so_over_the_kept_figures(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00")
    logged_in.get(reverse("cabinet:settlements"))
    onec.set_down()
    html = logged_in.get(reverse("cabinet:settlements"), {"refresh": "1"}).content.decode()
    assert "Сервис 1С временно недоступен" in html
    assert "Показаны последние полученные данные" in html


def test_figures_older_than_a_few_minutes_are_asked_for_again(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00")
    start = datetime(2026, 11, 28, 10, 0, tzinfo=MSK)
    with time_machine.travel(start, tick=False):
        logged_in.get(reverse("cabinet:settlements"))
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        logged_in.get(reverse("cabinet:settlements"))
    assert settlements_calls(onec) == 1
    with time_machine.travel(start + timedelta(minutes=6), tick=False):
        logged_in.get(reverse("cabinet:settlements"))
    assert settlements_calls(onec) == 2


def test_one_clients_cached_figures_are_never_shown_to_another(client, onec, client_org, outsider_org):
    onec.set_settlements(client_org.inn, "125000.00")
    onec.set_settlements(outsider_org.inn, "-30000.00")
    client.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    client.get(reverse("cabinet:settlements"))
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    html = client.get(reverse("cabinet:settlements")).content.decode()
    assert "Ваша переплата (аванс): 30\xa0000,00\xa0₽" in html
    assert "125\xa0000" not in html
