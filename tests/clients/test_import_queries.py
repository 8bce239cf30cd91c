"""An import asks the database a fixed number of questions per batch of rows, never one per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.clients.importing import bulk, clients_import
from apps.clients.models import Client, ClientEmailChange
from tests.clients.xlsx import client_rows, workbook_bytes

pytestmark = pytest.mark.django_db


def _queries(rows: list[list], **kwargs) -> int:
    data = workbook_bytes(rows)
    with CaptureQueriesContext(connection) as captured:
        clients_import(data=data, **kwargs)
    return len(captured)


def test_new_clients_cost_the_same_queries_for_100_rows_as_for_300():
    few = _queries(client_rows(100))
    many = _queries(client_rows(300, start=100))
    assert Client.objects.count() == 400
    assert few == many <= 9  # logins, clients, and the logins' administrator memberships


def test_a_preview_costs_the_same_queries_for_100_rows_as_for_300():
    assert _queries(client_rows(100), dry_run=True) == _queries(client_rows(300, start=100), dry_run=True) <= 4


def test_updates_cost_the_same_queries_for_100_rows_as_for_300(staff_user):
    clients_import(data=workbook_bytes(client_rows(400)))
    renamed = {"name": "АО «Клиент {n}»", "email": "new{n}@c{n}.example"}
    few = _queries(client_rows(100, **renamed), imported_by=staff_user)
    many = _queries(client_rows(300, start=100, **renamed), imported_by=staff_user)
    assert ClientEmailChange.objects.filter(changed_by=staff_user, source="import").count() == 400
    assert set(Client.objects.values_list("name", flat=True)) == {f"АО «Клиент {n}»" for n in range(400)}
    assert few == many <= 8


def test_an_unchanged_file_costs_the_same_queries_for_100_rows_as_for_300():
    clients_import(data=workbook_bytes(client_rows(400)))
    assert _queries(client_rows(100)) == _queries(client_rows(300, start=100)) <= 4


def test_queries_grow_with_batches_not_with_rows(monkeypatch):
    monkeypatch.setattr(bulk, "BATCH", 50)
    few = _queries(client_rows(100))  # 2 batches
    many = _queries(client_rows(300, start=100))  # 6 batches
    # Four look-ups by INN (existing clients, logins, and the new ids of both): 4 more batches each,
    # where a query a row would be 200 more. PostgreSQL looks up each in one query whatever the count.
    assert many - few <= 4 * 4
