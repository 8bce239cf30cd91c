"""The balance panel of the home page: who owes whom, in words a non-accountant reads right."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from tests.settlements.conftest import invoice

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")
HTMX = {"HTTP_HX_REQUEST": "true"}


def panel(logged_in, **params) -> str:
    response = logged_in.get(reverse("cabinet:settlements_panel"), params, **HTMX)
    assert response.status_code == 200
    return response.content.decode()


def test_a_debt_is_said_as_your_debt(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "125000.00")
    html = panel(logged_in)
    assert "Ваша задолженность: 125\xa0000,00\xa0₽" in html
    assert "переплата" not in html


def test_a_negative_balance_is_said_as_your_prepayment(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "-30000.00")
    html = panel(logged_in)
    assert "Ваша переплата (аванс): 30\xa0000,00\xa0₽" in html
    assert "-30" not in html and "задолженность:" not in html


def test_a_zero_balance_is_said_as_no_debt(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "0.00")
    html = panel(logged_in)
    assert "Задолженности нет" in html
    assert "задолженность:" not in html and "переплата" not in html


def test_panel_shows_overdue_amount_and_the_credit_limit_left(logged_in, onec, client_org):
    today = timezone.localdate()
    onec.set_settlements(
        client_org.inn,
        "125000.00",
        overdue="40000.00",
        credit_limit="500000.00",
        open_invoices=[
            invoice("12", today - timedelta(days=36), "40000.00"),
            invoice("13", today + timedelta(days=13), "85000.00"),
        ],
    )
    html = panel(logged_in)
    assert "Просрочено" in html and "40\xa0000,00\xa0₽" in html
    assert "Кредитный лимит" in html and "500\xa0000,00\xa0₽" in html
    assert "свободно 375\xa0000,00\xa0₽" in html
    assert "1 просрочен" in html


def test_panel_says_nothing_of_a_credit_limit_1c_does_not_have(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00")
    assert "Кредитный лимит" not in panel(logged_in)


def test_a_debt_above_the_limit_says_the_limit_is_exceeded(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "600000.00", credit_limit="500000.00")
    assert "превышен" in panel(logged_in)


def test_panel_shows_when_the_figures_were_taken(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1.00")
    with time_machine.travel(datetime(2026, 11, 28, 10, 15, tzinfo=MSK), tick=False):
        html = panel(logged_in)
    assert "Данные на 28.11.2026 10:15" in html


def test_panel_links_to_the_invoices_the_xlsx_and_the_act_order(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1000.00", open_invoices=[invoice("1", date(2026, 12, 1), "1000.00")])
    html = panel(logged_in)
    for name in ("cabinet:settlements", "cabinet:settlements_xlsx", "cabinet:act_order"):
        assert f'href="{reverse(name)}"' in html


def test_panel_without_htmx_is_the_full_page(logged_in, onec):
    response = logged_in.get(reverse("cabinet:settlements_panel"))
    assert response.status_code == 302 and response["Location"] == reverse("cabinet:settlements")


def test_the_home_page_never_calls_1c(logged_in, onec):
    logged_in.get(reverse("cabinet:home"))
    assert not [call for call in onec.calls if call[0] == "GetSettlements"]


def test_1c_down_says_so(logged_in, onec):
    onec.set_down()
    assert "Сервис 1С временно недоступен" in panel(logged_in)


def test_1c_down_shows_the_last_figures_marked_with_their_time(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "125000.00")
    with time_machine.travel(datetime(2026, 11, 28, 10, 15, tzinfo=MSK), tick=False):
        panel(logged_in)
    onec.set_down()
    with time_machine.travel(datetime(2026, 11, 28, 12, 0, tzinfo=MSK), tick=False):
        html = panel(logged_in)
    assert "Сервис 1С временно недоступен" in html
    assert "Показаны последние полученные данные — на 28.11.2026 10:15" in html
    assert "Ваша задолженность: 125\xa0000,00\xa0₽" in html


def test_a_v10_base_says_settlements_are_not_available_yet(logged_in, onec):
    onec.set_version("1.0")
    html = panel(logged_in)
    assert "Информация о взаиморасчётах пока недоступна" in html
    assert "Сервис 1С временно недоступен" not in html


def test_a_client_unknown_to_1c_is_told_so(logged_in, fake_onec):
    assert "Ваша организация не найдена в 1С" in panel(logged_in)


def test_panel_is_for_logged_in_clients_only(client):
    response = client.get(reverse("cabinet:settlements_panel"), **HTMX)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_home_placeholder_loads_the_panel_by_htmx_and_links_the_page_without_it():
    html = render_to_string("cabinet/settlements_placeholder.html")
    assert f'hx-get="{reverse("cabinet:settlements_panel")}"' in html
    assert 'hx-trigger="load"' in html and 'hx-swap="outerHTML"' in html and 'id="settlements-panel"' in html
    assert f'href="{reverse("cabinet:settlements")}"' in html


def test_the_panel_replaces_the_placeholder_and_refreshes_itself(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "1.00")
    html = panel(logged_in)
    assert 'id="settlements-panel"' in html
    assert f'hx-get="{reverse("cabinet:settlements_panel")}"' in html and 'name="refresh" value="1"' in html
