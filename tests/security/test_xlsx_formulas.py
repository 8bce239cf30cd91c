"""Text from outside (an organisation's name from the Excel import, invoice numbers from 1C) lands
in the open-invoices XLSX as text: a name like `=HYPERLINK(...)` must never become a live formula
when an accountant opens the file."""

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from apps.onec.client import OpenInvoice
from tests.factories import make_client

pytestmark = pytest.mark.django_db
EVIL_NAME = '=HYPERLINK("http://evil","x")'
EVIL_NUMBERS = ["+1+cmd|' /C calc'!A0", "@SUM(1)", "-2+3", "\t=1+1", "\r=1+1"]


def _invoice(number: str, index: int) -> OpenInvoice:
    return OpenInvoice(id=f"inv-{index}", number=number, date=date(2026, 10, 1), due_date=date(2026, 12, 1),
                       amount=Decimal("100.00"), paid=Decimal("0.00"))  # fmt: skip


@pytest.fixture
def evil_download(client, fake_onec):
    org = make_client(name=EVIL_NAME, inn="5036012344", email="buh@evil.example")
    fake_onec.add_client(org.inn, org.name)
    invoices = [_invoice(number, index) for index, number in enumerate(EVIL_NUMBERS)]
    fake_onec.set_settlements(org.inn, "500.00", open_invoices=invoices)
    client.force_login(org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    response = client.get(reverse("cabinet:settlements_xlsx"))
    assert response.status_code == 200
    return response.content


def test_no_cell_of_the_saved_sheet_is_a_formula(evil_download):
    with zipfile.ZipFile(BytesIO(evil_download)) as archive:
        sheet_xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert not re.search(r"<(\w+:)?f[ >/]", sheet_xml)
    assert "HYPERLINK" in sheet_xml and "cmd|" in sheet_xml  # written, as text


def test_the_name_and_the_numbers_read_back_exactly_as_text(evil_download):
    sheet = load_workbook(BytesIO(evil_download)).active
    assert sheet["A1"].value == EVIL_NAME and sheet["A1"].data_type == "s"
    numbers = [sheet.cell(row=row, column=1) for row in range(5, 5 + len(EVIL_NUMBERS))]
    assert sorted(cell.value for cell in numbers) == sorted(EVIL_NUMBERS)  # in the page's order
    assert all(cell.data_type == "s" for cell in numbers)


def test_text_that_looks_like_a_formula_stays_text_when_edited(evil_download):
    # quotePrefix: Excel keeps the cell text even after F2 and Enter, and shows no apostrophe.
    sheet = load_workbook(BytesIO(evil_download)).active
    assert sheet["A1"].quotePrefix and sheet["A5"].quotePrefix


def test_amounts_and_dates_stay_numbers_and_dates(evil_download):
    sheet = load_workbook(BytesIO(evil_download)).active
    assert sheet["B5"].value == datetime(2026, 10, 1) and sheet["B5"].is_date
    assert sheet["D5"].value == 100 and sheet["D5"].data_type == "n"
