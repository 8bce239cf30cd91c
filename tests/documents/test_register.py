"""The register's reading (apps/documents/register.py) and the archive of ticked documents."""

import io
import zipfile
from datetime import date

import pytest
from django.core import mail

from apps.documents import register, services
from apps.documents.models import DocumentKind

INN = "5036012344"
START, END = date(2026, 9, 1), date(2026, 11, 27)


def _read(client_org):
    return register.register_read(client=client_org, date_from=START, date_to=END)


@pytest.mark.django_db
def test_one_reading_lists_every_kind_and_the_next_asks_1c_nothing(client_org, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5))
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6))
    fake_onec.add_document(INN, "Certificate", date(2026, 9, 7))
    first = _read(client_org)
    calls = len(fake_onec.calls)
    second = _read(client_org)
    assert calls == 3 and len(fake_onec.calls) == calls
    assert sorted(row.kind for row in second.rows) == ["Certificate", "Closing", "Invoice"]
    assert first.rows == second.rows and not second.error


@pytest.mark.django_db
def test_each_client_and_period_has_its_own_list(client_org, outsider_org, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), document_id="ours")
    fake_onec.add_document("7728012340", "Invoice", date(2026, 9, 5), document_id="theirs")
    _read(client_org)
    theirs = register.register_read(client=outsider_org, date_from=START, date_to=END)
    assert [row.id for row in theirs.rows] == ["theirs"]
    later = register.register_read(client=client_org, date_from=date(2026, 10, 1), date_to=END)
    assert later.rows == []


@pytest.mark.django_db
def test_a_v10_base_has_no_certificates_and_is_not_asked_again(client_org, fake_onec):
    fake_onec.set_version("1.0")
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5))
    found = _read(client_org)
    calls = len(fake_onec.calls)
    again = _read(client_org)
    assert not found.certificates_supported and not again.certificates_supported
    assert len(found.rows) == 1 and not found.error
    assert len(fake_onec.calls) == calls


@pytest.mark.django_db
def test_a_failure_is_not_cached(client_org, fake_onec):
    fake_onec.add_client(INN)
    fake_onec.set_down()
    assert _read(client_org).error == "unavailable"
    fake_onec.set_down(False)
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5))
    found = _read(client_org)
    assert not found.error and len(found.rows) == 1


@pytest.mark.django_db
def test_the_last_good_list_outlives_the_fresh_one(client_org, fake_onec, monkeypatch):
    monkeypatch.setattr(register, "FRESH_SECONDS", 0)
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), document_id="kept")
    _read(client_org)
    fake_onec.set_down()
    found = _read(client_org)
    assert found.error == "unavailable" and found.stale_since is not None
    assert [row.id for row in found.rows] == ["kept"]


@pytest.mark.django_db
def test_paging_the_last_good_list_does_not_wait_on_a_dead_1c_each_time(client_org, fake_onec, monkeypatch):
    monkeypatch.setattr(register, "FRESH_SECONDS", 0)  # only the last good list is kept
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), document_id="kept")
    _read(client_org)
    fake_onec.set_down()
    _read(client_org)
    calls = len(fake_onec.calls)
    again = _read(client_org)
    assert len(fake_onec.calls) == calls
    assert again.stale_since is not None and [row.id for row in again.rows] == ["kept"]


@pytest.mark.django_db
def test_filtering_is_newest_first_and_number_search_ignores_case(client_org, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 9, 6), number="СК-12/26", type="Акт")
    fake_onec.add_document(INN, "Closing", date(2026, 10, 6), number="ск-13/26", type="УПД")
    fake_onec.add_document(INN, "Invoice", date(2026, 9, 1), number="27/26")
    found = _read(client_org)
    assert [row.document.number for row in found.filtered(number="СК-1")] == ["ск-13/26", "СК-12/26"]
    assert [row.document.number for row in found.filtered(type="Акт")] == ["СК-12/26"]
    assert [row.document.number for row in found.filtered(kind="Invoice")] == ["27/26"]
    assert found.types == ["Акт", "Счёт на оплату", "УПД"]


@pytest.mark.django_db(transaction=True)
def test_the_archive_of_ticked_documents_holds_only_those(client_org, fake_onec):
    a = fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), number="27/26", data=b"%PDF-a")
    b = fake_onec.add_document(INN, "Certificate", date(2026, 9, 6), number="С-1", data=b"%PDF-b")
    fake_onec.add_document(INN, "Closing", date(2026, 9, 7), number="not-ticked")
    request, created = services.document_request_create(
        client=client_org, kind=DocumentKind.SELECTED, date_from=START, date_to=END,
        email=client_org.email, document_ids=[b.id, a.id],
    )  # fmt: skip
    request.refresh_from_db()
    assert created and request.status == "sent"
    assert (request.documents_total, request.documents_fetched) == (2, 2)
    [message] = mail.outbox
    filename, content, _mimetype = message.attachments[0]
    assert filename == "Документы 01.09.2026-27.11.2026.zip"
    names = zipfile.ZipFile(io.BytesIO(content)).namelist()
    assert names == [
        "2026-09-05 Счёт на оплату 27-26 от 05.09.2026.pdf",
        "2026-09-06 Сертификат качества С-1 от 06.09.2026.pdf",
    ]
    assert "Выбранные документы" in message.body


@pytest.mark.django_db(transaction=True)
def test_ticked_ids_that_are_not_the_clients_are_never_fetched(client_org, fake_onec):
    ours = fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), data=b"%PDF-a")
    theirs = fake_onec.add_document("7728012340", "Invoice", date(2026, 9, 5))
    outside = fake_onec.add_document(INN, "Invoice", date(2026, 8, 5))  # ours, but not in the period
    request, _ = services.document_request_create(
        client=client_org, kind=DocumentKind.SELECTED, date_from=START, date_to=END,
        email=client_org.email, document_ids=[ours.id, theirs.id, outside.id, "made-up"],
    )  # fmt: skip
    request.refresh_from_db()
    assert (request.status, request.documents_total) == ("sent", 1)
    fetched = [call[2] for call in fake_onec.calls if call[0] == "GetDocumentFile"]
    assert fetched == [ours.id]


@pytest.mark.django_db(transaction=True)
def test_only_foreign_ids_ticked_ends_as_no_documents(client_org, fake_onec):
    theirs = fake_onec.add_document("7728012340", "Invoice", date(2026, 9, 5))
    fake_onec.add_client(INN)
    request, _ = services.document_request_create(
        client=client_org, kind=DocumentKind.SELECTED, date_from=START, date_to=END,
        email=client_org.email, document_ids=[theirs.id],
    )  # fmt: skip
    request.refresh_from_db()
    assert request.status == "empty"
    assert not [call for call in fake_onec.calls if call[0] == "GetDocumentFile"]


@pytest.mark.django_db(transaction=True)
def test_the_same_selection_twice_is_one_request_but_another_selection_is_new(client_org, fake_onec):
    fake_onec.set_down()  # keeps the requests in progress
    args = {"client": client_org, "kind": DocumentKind.SELECTED, "date_from": START, "date_to": END}
    first, _ = services.document_request_create(**args, email=client_org.email, document_ids=["a", "b"])
    again, created_again = services.document_request_create(**args, email=client_org.email, document_ids=["b", "a"])
    other, created_other = services.document_request_create(**args, email=client_org.email, document_ids=["a"])
    assert again.id == first.id and not created_again
    assert created_other and other.id != first.id


@pytest.mark.django_db(transaction=True)
def test_a_selection_with_1c_down_is_retried_like_any_request(client_org, fake_onec):
    fake_onec.set_down()
    request, _ = services.document_request_create(
        client=client_org, kind=DocumentKind.SELECTED, date_from=START, date_to=END,
        email=client_org.email, document_ids=["a"],
    )  # fmt: skip
    request.refresh_from_db()
    assert request.status == "retrying"


@pytest.mark.django_db(transaction=True)
def test_a_selection_on_a_v10_base_still_archives_invoices_and_closing_documents(client_org, fake_onec):
    fake_onec.set_version("1.0")
    invoice = fake_onec.add_document(INN, "Invoice", date(2026, 9, 5), data=b"%PDF-a")
    request, _ = services.document_request_create(
        client=client_org, kind=DocumentKind.SELECTED, date_from=START, date_to=END,
        email=client_org.email, document_ids=[invoice.id],
    )  # fmt: skip
    request.refresh_from_db()
    assert (request.status, request.documents_fetched) == ("sent", 1)


# Transactional: the register asks 1C from threads, whose own connections record 1C's state in
# the database cache; on SQLite they would wait out the busy timeout behind a test's transaction.
@pytest.mark.django_db(transaction=True)
def test_the_register_reads_the_emulator_over_soap(client_org, onec_emulator):
    # The month of the newest document the emulator holds for this INN, up to the emulator's
    # today: "this month so far" would be empty in the first days of a month.
    ledger = onec_emulator.ledger
    ours = [d for d in ledger.documents.values() if d.inn == INN and d.date <= ledger.today]
    newest = max(d.date for d in ours)
    period = {"date_from": newest.replace(day=1), "date_to": ledger.today}
    expected = {d.id for d in ours if period["date_from"] <= d.date}
    found = register.register_read(client=client_org, **period)
    assert not found.error and {row.id for row in found.rows} == expected
    got = register.register_document_file(client=client_org, **period, document_id=found.rows[0].id)
    assert got is not None and got[1].data.startswith(b"%PDF")
