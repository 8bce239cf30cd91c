"""The fake 1C follows the contract's rules and fails when told to."""

from concurrent.futures import ThreadPoolExecutor
from datetime import date
from decimal import Decimal

import pytest

from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError, OneCErrorKind
from apps.onec.fake import FakeOneC

INN = "5036012344"


@pytest.fixture
def fake():
    return FakeOneC()


def _kind_of(call) -> OneCErrorKind:
    with pytest.raises(OneCError) as caught:
        call()
    return caught.value.kind


def test_factory_returns_the_shared_fake(fake_onec):
    assert get_onec_client() is fake_onec


def test_documents_are_listed_by_kind_inside_the_period_ends_included(fake):
    first = fake.add_document(INN, "Invoice", date(2026, 1, 1), amount="10.50")
    fake.add_document(INN, "Closing", date(2026, 1, 1))
    fake.add_document(INN, "Invoice", date(2026, 2, 1))
    assert fake.list_documents(INN, "Invoice", date(2026, 1, 1), date(2026, 1, 31)) == [first]
    assert first.amount == Decimal("10.50")


def test_a_document_file_is_the_stored_bytes(fake):
    info = fake.add_document(INN, "Closing", date(2026, 3, 5), data=b"%PDF-1.7 body")
    file = fake.get_document_file(INN, info.id)
    assert (file.data, file.file_name, info.size) == (b"%PDF-1.7 body", info.file_name, 13)


def test_contract_errors(fake):
    info = fake.add_document(INN, "Invoice", date(2026, 1, 1))
    fake.add_client("7728012340")
    assert _kind_of(lambda: fake.get_client("0000000000")) == OneCErrorKind.CLIENT_NOT_FOUND
    assert _kind_of(lambda: fake.get_document_file("7728012340", info.id)) == OneCErrorKind.DOCUMENT_NOT_FOUND
    reversed_period = (date(2026, 2, 1), date(2026, 1, 1))
    assert _kind_of(lambda: fake.list_documents(INN, "Invoice", *reversed_period)) == OneCErrorKind.INVALID_PERIOD
    assert _kind_of(lambda: fake.get_reconciliation_act(INN, *reversed_period)) == OneCErrorKind.INVALID_PERIOD


def test_a_lost_document_is_listed_but_its_file_is_not_found(fake):
    info = fake.add_document(INN, "Invoice", date(2026, 1, 1))
    fake.lose_document(info.id)
    assert fake.list_documents(INN, "Invoice", date(2026, 1, 1), date(2026, 1, 1)) == [info]
    assert _kind_of(lambda: fake.get_document_file(INN, info.id)) == OneCErrorKind.DOCUMENT_NOT_FOUND


def test_down_and_failing_inn_are_unavailable(fake):
    fake.add_client(INN)
    fake.add_client("7728012340")
    fake.fail_inn("7728012340")
    assert _kind_of(lambda: fake.get_client("7728012340")) == OneCErrorKind.UNAVAILABLE
    assert fake.get_client(INN).inn == INN
    fake.set_down()
    assert _kind_of(fake.ping) == OneCErrorKind.UNAVAILABLE
    fake.set_down(False)
    assert fake.ping()


def test_fail_after_lets_n_calls_through(fake):
    fake.add_client(INN)
    fake.fail_after(2)
    fake.get_client(INN)
    fake.ping()
    assert _kind_of(fake.ping) == OneCErrorKind.UNAVAILABLE


def test_act_returns_the_balances_set(fake):
    fake.set_act(INN, "100.00", "-20.50", data=b"%PDF act")
    act = fake.get_reconciliation_act(INN, date(2026, 1, 1), date(2026, 3, 31))
    assert (act.opening_balance, act.closing_balance, act.file.data) == (Decimal(100), Decimal("-20.50"), b"%PDF act")


def test_calls_are_recorded_and_reset_forgets_everything(fake):
    fake.add_client(INN)
    fake.get_client(INN)
    assert fake.calls == [("GetClient", INN)]
    fake.reset()
    assert fake.calls == []
    assert _kind_of(lambda: fake.get_client(INN)) == OneCErrorKind.CLIENT_NOT_FOUND


def test_concurrent_calls_count_exactly(fake):
    infos = [fake.add_document(INN, "Closing", date(2026, 1, d)) for d in range(1, 29)]
    fake.fail_after(20)
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda i: _attempt(fake, i.id), infos))
    assert results.count(True) == 20


def _attempt(fake, document_id) -> bool:
    try:
        fake.get_document_file(INN, document_id)
    except OneCError:
        return False
    return True


def test_a_wrong_kind_is_a_programming_error(fake):
    with pytest.raises(ValueError):
        fake.list_documents(INN, "invoice", date(2026, 1, 1), date(2026, 1, 2))
