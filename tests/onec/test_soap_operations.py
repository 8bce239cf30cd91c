"""The real zeep client against the emulator over HTTP: every operation and every contract error."""

from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO

import pytest
from pypdf import PdfReader

from apps.onec.client import OneCError, OneCErrorKind
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration
PROFKERAMIKA, METALLURG, NEW_CLIENT = "5036012344", "7728012340", "5036000010"
TODAY = date.today()
LAST_18_MONTHS = (TODAY - timedelta(days=548), TODAY)


@pytest.fixture
def onec(onec_emulator):
    return soap_client(onec_emulator.wsdl_url)


def test_ping_returns_the_base_name_and_version(onec):
    assert "Подольскогнеупор" in onec.ping()
    assert "1.3." in onec.ping()


def test_get_client_returns_the_demo_client(onec):
    info = onec.get_client(PROFKERAMIKA)
    assert (info.inn, info.kpp, info.name) == (PROFKERAMIKA, "503601001", "ООО «Профкерамика»")
    assert info.email == "buh@profkeramika.example"


def test_a_client_unknown_to_1c_is_client_not_found(onec):
    with pytest.raises(OneCError) as caught:
        onec.get_client(NEW_CLIENT)
    assert caught.value.kind == OneCErrorKind.CLIENT_NOT_FOUND


@pytest.mark.parametrize("kind", ["Invoice", "Closing"])
def test_list_documents_gives_both_kinds_over_18_months(onec, kind):
    documents = onec.list_documents(PROFKERAMIKA, kind, *LAST_18_MONTHS)
    assert len(documents) >= 18
    assert all(isinstance(d.amount, Decimal) and isinstance(d.date, date) for d in documents)
    assert min(d.date for d in documents) < TODAY - timedelta(days=365)
    assert all(d.size > 1000 and d.file_name.endswith(".pdf") for d in documents)


def test_list_documents_includes_both_ends_of_the_period(onec):
    some = onec.list_documents(METALLURG, "Invoice", *LAST_18_MONTHS)[3]
    assert [d.id for d in onec.list_documents(METALLURG, "Invoice", some.date, some.date)] == [some.id]


def test_list_documents_of_an_empty_period_is_an_empty_list(onec):
    assert onec.list_documents(PROFKERAMIKA, "Invoice", date(2001, 1, 1), date(2001, 12, 31)) == []


@pytest.mark.parametrize("call", ["list", "act"])
def test_a_reversed_period_is_invalid_period(onec, call):
    with pytest.raises(OneCError) as caught:
        if call == "list":
            onec.list_documents(PROFKERAMIKA, "Closing", date(2026, 3, 1), date(2026, 2, 1))
        else:
            onec.get_reconciliation_act(PROFKERAMIKA, date(2026, 3, 1), date(2026, 2, 1))
    assert caught.value.kind == OneCErrorKind.INVALID_PERIOD


def test_list_documents_of_an_unknown_client_is_client_not_found(onec):
    with pytest.raises(OneCError) as caught:
        onec.list_documents(NEW_CLIENT, "Invoice", *LAST_18_MONTHS)
    assert caught.value.kind == OneCErrorKind.CLIENT_NOT_FOUND


def test_document_file_is_a_readable_pdf_of_that_document(onec):
    document = onec.list_documents(PROFKERAMIKA, "Invoice", *LAST_18_MONTHS)[0]
    file = onec.get_document_file(PROFKERAMIKA, document.id)
    assert (file.file_name, file.mime_type, len(file.data)) == (document.file_name, "application/pdf", document.size)
    text = PdfReader(BytesIO(file.data)).pages[0].extract_text()
    assert document.number in text and "Счёт на оплату" in text and f"{document.date:%d.%m.%Y}" in text


def test_another_clients_document_is_document_not_found(onec):
    foreign = onec.list_documents(METALLURG, "Closing", *LAST_18_MONTHS)[0]
    with pytest.raises(OneCError) as caught:
        onec.get_document_file(PROFKERAMIKA, foreign.id)
    assert caught.value.kind == OneCErrorKind.DOCUMENT_NOT_FOUND


def test_reconciliation_act_has_balances_and_a_pdf(onec):
    act = onec.get_reconciliation_act(PROFKERAMIKA, date(TODAY.year, 1, 1), TODAY)
    assert isinstance(act.opening_balance, Decimal) and isinstance(act.closing_balance, Decimal)
    assert act.file.data.startswith(b"%PDF")
    assert "Акт сверки" in PdfReader(BytesIO(act.file.data)).pages[0].extract_text()


def test_closing_balance_of_one_period_opens_the_next(onec):
    middle = TODAY - timedelta(days=200)
    first = onec.get_reconciliation_act(PROFKERAMIKA, TODAY - timedelta(days=400), middle)
    second = onec.get_reconciliation_act(PROFKERAMIKA, middle + timedelta(days=1), TODAY)
    assert first.closing_balance == second.opening_balance


def test_a_failing_inn_is_unavailable_and_others_still_work(onec, onec_emulator):
    onec_emulator.fail_inn = METALLURG
    with pytest.raises(OneCError) as caught:
        onec.get_client(METALLURG)
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE
    assert onec.get_client(PROFKERAMIKA).inn == PROFKERAMIKA


def test_a_down_1c_is_unavailable_and_recovers(onec, onec_emulator):
    onec_emulator.set_down(True)
    with pytest.raises(OneCError) as caught:
        onec.ping()
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE
    assert "502" in caught.value.message
    onec_emulator.set_down(False)
    assert onec.ping()


def test_a_file_over_10_mb_arrives_whole(onec, onec_emulator):
    """lxml's default limits would drop such a base64 text; xml_huge_tree lets it through."""
    [big] = onec_emulator.add_bulk_documents(PROFKERAMIKA, count=1, size_kb=12 * 1024, kind="Invoice")
    file = onec.get_document_file(PROFKERAMIKA, big.id)
    assert len(file.data) > 12 * 1024 * 1024
    assert file.data == onec_emulator.ledger.file(big)
