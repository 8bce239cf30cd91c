"""The open invoices as XLSX: read back with openpyxl, numbers are numbers and dates are dates."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from apps.documents.models import DocumentDownload
from tests.settlements.conftest import invoice

pytestmark = pytest.mark.django_db
MSK = ZoneInfo("Europe/Moscow")
NOON = datetime(2026, 11, 28, 12, 0, tzinfo=MSK)


def download(logged_in):
    with time_machine.travel(NOON, tick=False):
        return logged_in.get(reverse("cabinet:settlements_xlsx"))


@pytest.fixture
def open_invoices(onec, client_org):
    onec.set_settlements(
        client_org.inn,
        "60000.00",
        open_invoices=[
            invoice("ПК-27/26", date(2026, 11, 18), "100000.00", "40000.00", day=date(2026, 10, 19)),
            invoice("ПК-31/26", date(2026, 12, 5), "1000.50"),
        ],
    )


def test_xlsx_has_the_client_the_date_a_header_and_one_row_per_invoice(logged_in, open_invoices, client_org):
    response = download(logged_in)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet["A1"].value == client_org.name
    assert "28.11.2026" in sheet["A2"].value
    header = [cell.value for cell in sheet[4]]
    assert header == [
        "Номер счёта",
        "Дата счёта",
        "Оплатить до",
        "Сумма",
        "Оплачено",
        "Осталось оплатить",
        "Дней просрочки",
    ]
    first, second, _total = list(sheet.iter_rows(min_row=5, values_only=True))
    assert first == ("ПК-27/26", datetime(2026, 10, 19), datetime(2026, 11, 18), 100000, 40000, 60000, 10)
    assert second[0] == "ПК-31/26" and second[3] == pytest.approx(1000.5) and second[6] == 0


def test_xlsx_amounts_have_a_ruble_format_and_dates_a_date_format(logged_in, open_invoices):
    sheet = load_workbook(BytesIO(download(logged_in).content)).active
    assert "₽" in sheet["D5"].number_format and "0.00" in sheet["D5"].number_format
    assert isinstance(sheet["D5"].value, int | float | Decimal)
    assert sheet["B5"].is_date and sheet["C5"].number_format == "DD.MM.YYYY"


def test_xlsx_is_named_by_the_date_and_logged(logged_in, open_invoices, client_org):
    response = download(logged_in)
    assert "filename*=utf-8''" in response["Content-Disposition"]
    assert "28.11.2026.xlsx" in response["Content-Disposition"]
    entry = DocumentDownload.objects.get(client=client_org)
    assert entry.what == DocumentDownload.What.OPEN_INVOICES
    assert entry.title == "Неоплаченные счета на 28.11.2026.xlsx"
    assert entry.size == len(response.content) and entry.user == client_org.user


def test_xlsx_without_figures_goes_back_with_a_message(logged_in, onec):
    onec.set_down()
    response = logged_in.get(reverse("cabinet:settlements_xlsx"), follow=True)
    assert "Сейчас нет данных о взаиморасчётах для выгрузки" in response.content.decode()
    assert not DocumentDownload.objects.exists()


def test_xlsx_ends_with_a_total_row_of_numbers(logged_in, open_invoices):
    sheet = load_workbook(BytesIO(download(logged_in).content)).active
    total = [cell.value for cell in sheet[7]]  # header on 4, invoices on 5 and 6
    assert total[0] == "Итого"
    # Values we summed, not formulas: a preview without Excel shows them too.
    assert total[3:6] == [pytest.approx(101000.5), pytest.approx(40000), pytest.approx(61000.5)]
    assert all(sheet.cell(row=7, column=column).data_type == "n" for column in (4, 5, 6))
    assert "₽" in sheet["F7"].number_format and sheet["A7"].font.bold
    assert sheet.max_row == 7


def test_xlsx_total_is_exact_to_the_kopeck(logged_in, onec, client_org):
    # Three amounts whose float sum is 0.30000000000000004: the total is summed as Decimal.
    onec.set_settlements(
        client_org.inn,
        "0.30",
        open_invoices=[invoice(f"ПК-{n}/26", date(2026, 12, 5), "0.10") for n in range(3)],
    )
    sheet = load_workbook(BytesIO(download(logged_in).content)).active
    assert sheet["A8"].value == "Итого" and sheet["D8"].value == pytest.approx(0.3, abs=1e-12)
    assert str(sheet["D8"].value) in {"0.3", "0.30"}
