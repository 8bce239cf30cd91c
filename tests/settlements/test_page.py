"""The full settlements page: the open invoices with their due dates and days overdue."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from tests.settlements.conftest import invoice

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")
NOON = datetime(2026, 11, 28, 12, 0, tzinfo=MSK)


@pytest.fixture
def open_invoices(onec, client_org):
    onec.set_settlements(
        client_org.inn,
        "150000.00",
        overdue="60000.00",
        open_invoices=[
            invoice("ПК-27/26", date(2026, 11, 18), "100000.00", "40000.00"),  # 10 days overdue
            invoice("ПК-30/26", date(2026, 11, 27), "1000.00"),  # 1 day
            invoice("ПК-31/26", date(2026, 11, 28), "49000.00"),  # due today: not overdue
        ],
    )


def page(logged_in) -> str:
    with time_machine.travel(NOON, tick=False):
        return logged_in.get(reverse("cabinet:settlements")).content.decode()


def test_each_open_invoice_shows_its_dates_amounts_and_outstanding(logged_in, open_invoices):
    html = page(logged_in)
    assert "ПК-27/26" in html
    assert "01.10.2026" in html and "18.11.2026" in html
    assert "100\xa0000,00\xa0₽" in html and "40\xa0000,00\xa0₽" in html and "60\xa0000,00\xa0₽" in html


def test_overdue_invoices_show_their_days_overdue_and_are_highlighted(logged_in, open_invoices):
    html = page(logged_in)
    assert "просрочен на 10 дней" in html
    assert "просрочен на 1 день" in html
    assert html.count('class="invoice-overdue"') == 2
    assert "в срок" in html  # the one due today


def test_page_links_to_the_act_order(logged_in, open_invoices):
    assert f'href="{reverse("cabinet:act_order")}"' in page(logged_in)


def test_no_open_invoices_says_so(logged_in, onec, client_org):
    onec.set_settlements(client_org.inn, "-5000.00")
    html = page(logged_in)
    assert "Неоплаченных счетов нет." in html
    assert reverse("cabinet:settlements_xlsx") not in html


def test_page_with_1c_down_and_nothing_kept_says_1c_is_unavailable(logged_in, onec):
    onec.set_down()
    html = page(logged_in)
    assert "Сервис 1С временно недоступен" in html
    assert 'id="invoices-title"' not in html


def test_page_on_a_v10_base_says_not_available(logged_in, onec):
    onec.set_version("1.0")
    html = page(logged_in)
    assert "Информация о взаиморасчётах пока недоступна" in html
    assert 'id="invoices-title"' not in html
