"""«Скачать образец» on the import page: a workbook with the expected columns and one example row,
which the same importer reads back without a single error."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from apps.clients.importing import clients_import
from apps.clients.importing.sample import import_sample_xlsx
from apps.clients.models import Client
from tests.clients.test_admin import IMPORT_URL, _upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_http(client, superuser):
    client.force_login(superuser)
    return client


def test_the_import_page_offers_the_sample(admin_http):
    html = admin_http.get(reverse(IMPORT_URL)).content.decode()
    assert f'href="{reverse(IMPORT_URL)}?sample=1"' in html
    assert "Скачать образец" in html


def test_the_sample_is_an_xlsx_with_the_columns_and_an_example(admin_http):
    response = admin_http.get(reverse(IMPORT_URL), {"sample": "1"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("ИНН", "КПП", "Наименование", "Email", "Телефон")
    [example] = rows[1:]
    assert example[0] == "0012345673"  # text: the leading zeros are kept
    assert sheet["A2"].number_format == "@"


def test_the_sample_imports_back_as_one_new_client_without_errors():
    report = clients_import(data=import_sample_xlsx(), dry_run=True)
    assert report.counts == {"new": 1, "updated": 0, "unchanged": 0, "error": 0}
    assert not Client.objects.exists()  # a dry run


def test_the_english_sample_imports_back_too():
    with translation.override("en"):
        data = import_sample_xlsx()
    assert clients_import(data=data, dry_run=True).counts["error"] == 0


def test_the_downloaded_sample_uploads_through_the_page_as_it_is(private_storage, admin_http):
    data = admin_http.get(reverse(IMPORT_URL), {"sample": "1"}).content
    html = _upload(admin_http, data).content.decode()
    assert "Новых: 1, изменится: 0, без изменений: 0, с ошибками: 0." in html


def test_only_staff_who_may_import_get_the_sample(client, staff_user):
    client.force_login(staff_user)
    response = client.get(reverse(IMPORT_URL), {"sample": "1"})
    assert response.status_code in (302, 403)
    assert "spreadsheetml" not in response.get("Content-Type", "")
