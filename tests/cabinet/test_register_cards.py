"""The register's rows as a person reads them: a certificate has no sum (1C sends it 0) and
says so with a dash; each row's two file links sit together; ticks across pages are counted
against the archive's limit, which the page states."""

import re
from datetime import date

import pytest
from django.urls import reverse

from apps.documents.register import RegisterRow
from apps.onec.client import CERTIFICATE, DocumentInfo

pytestmark = pytest.mark.django_db

INN = "5036012344"
PERIOD = {"date_from": "2026-09-01", "date_to": "2026-11-27"}


def _amount_cells(html: str) -> list[str]:
    return re.findall(r'<td role="cell" data-label="Сумма" class="register-amount">(.*?)</td>', html)


def test_a_certificate_shows_a_dash_where_1c_sends_a_zero_sum(logged_in, fake_onec):
    fake_onec.add_document(INN, CERTIFICATE, date(2026, 9, 5), number="СК-1", amount="0")
    html = logged_in.get(reverse("cabinet:register"), PERIOD).content.decode()
    [cell] = _amount_cells(html)
    assert cell == '<span aria-hidden="true">—</span><span class="visually-hidden">нет суммы</span>'
    assert "0,00" not in html


def test_an_invoice_keeps_its_sum_even_a_zero_one(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="31/26", amount="0")
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="U-7", amount="1500.5")
    cells = _amount_cells(logged_in.get(reverse("cabinet:register"), PERIOD).content.decode())
    assert cells == ["1\xa0500,50", "0,00"]


def test_only_a_certificate_row_has_no_amount():
    document = DocumentInfo("id-1", "Сертификат качества", "СК-1", date(2026, 9, 5), 0, "c.pdf", 10)
    assert RegisterRow(CERTIFICATE, document).amount is None
    assert RegisterRow("Invoice", document).amount == 0


def test_open_and_download_stay_together_in_the_file_cell(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="31/26")
    html = logged_in.get(reverse("cabinet:register"), PERIOD).content.decode()
    cell = re.search(r'class="register-links">(.*?)</td>', html, re.S).group(1)
    # One element under the cell's label: on a phone's card «Скачать» stays beside «Открыть».
    assert re.fullmatch(r'\s*<span class="register-file-links">.*Открыть.*Скачать.*</span>', cell, re.S)


def test_the_page_states_the_archive_limit_and_loads_the_ticks_script_with_its_nonce(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="31/26")
    response = logged_in.get(reverse("cabinet:register"), PERIOD)
    html = response.content.decode()
    assert "За один раз можно собрать не больше 100 документов." in html
    assert 'data-picks-max="100"' in html
    [nonce] = re.findall(r'<script src="[^"]*register[^"]*\.js" defer nonce="([^"]+)"></script>', html)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


def test_procurement_sees_no_ticks_and_no_script(client_org, fake_onec, client):
    from apps.clients.models import Role
    from tests.clients.people_helpers import log_in, make_person

    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="31/26")
    make_person(client_org, email="snab@profkeramika.example", role=Role.PROCUREMENT)
    log_in(client, "snab@profkeramika.example")
    html = client.get(reverse("cabinet:register"), PERIOD).content.decode()
    assert "31/26" in html
    assert "register.js" not in html and "data-picks-key" not in html and 'name="document"' not in html
