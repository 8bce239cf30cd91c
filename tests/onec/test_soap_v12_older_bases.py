"""A 1C base that publishes contract 1.1 or 1.0: the order calls are NOT_SUPPORTED without being
sent, what the base does publish keeps working (on 1.1, open invoices without their VAT), and an
upgrade to 1.2 is noticed once the WSDL is read again."""

import pytest

from apps.onec import soap
from apps.onec.client import OneCError, OneCErrorKind
from tests.onec.helpers import soap_client

pytestmark = pytest.mark.integration
PROFKERAMIKA = "5036012344"
ORDER_CALLS = {
    "ListOrders": lambda onec, today: onec.list_orders(PROFKERAMIKA, today.replace(day=1), today),
    "GetOrder": lambda onec, today: onec.get_order(PROFKERAMIKA, "8f0c2a52-6a1e-11ee-8c99-0242ac120002"),
}


@pytest.fixture(params=["1.1", "1.0"])
def older_base(request, onec_emulator):
    onec_emulator.set_version(request.param)  # back to the latest after the test (the fixture's reset)
    return onec_emulator


@pytest.fixture
def today(onec_emulator):
    return onec_emulator.ledger.today


def _not_supported(call) -> OneCError:
    with pytest.raises(OneCError) as caught:
        call()
    assert caught.value.kind == OneCErrorKind.NOT_SUPPORTED, caught.value
    return caught.value


@pytest.mark.parametrize("call", ORDER_CALLS)
def test_each_order_call_is_not_supported_and_never_sent(older_base, today, call):
    onec = soap_client(older_base.wsdl_url)
    onec.ping()  # the WSDL is read
    sent = older_base.stats.operations
    error = _not_supported(lambda: ORDER_CALLS[call](onec, today))
    assert call in error.message and f"contract v{older_base.knobs.version}" in error.message
    assert older_base.stats.operations == sent
    assert onec.published_version() == older_base.knobs.version


def test_not_supported_is_known_from_the_wsdl_alone(older_base, today):
    onec = soap_client(older_base.wsdl_url)
    _not_supported(lambda: ORDER_CALLS["ListOrders"](onec, today))
    assert (older_base.stats.wsdl_requests, older_base.stats.operations) == (1, 0)


def test_a_v1_1_base_gives_settlements_with_open_invoices_but_no_vat(onec_emulator, today):
    onec_emulator.set_version("1.1")
    onec = soap_client(onec_emulator.wsdl_url)
    invoices = onec.get_settlements(PROFKERAMIKA, today).open_invoices
    assert invoices and all(invoice.vat is None for invoice in invoices)
    assert isinstance(onec.list_shipments(PROFKERAMIKA, today.replace(day=1), today), list)
    assert onec.published_version() == "1.1"


def test_a_v1_0_base_still_answers_its_own_operations(onec_emulator, today):
    onec_emulator.set_version("1.0")
    onec = soap_client(onec_emulator.wsdl_url)
    assert onec.get_client(PROFKERAMIKA).inn == PROFKERAMIKA
    _not_supported(lambda: onec.get_settlements(PROFKERAMIKA, today))


def test_a_base_upgraded_from_1_1_to_1_2_is_noticed_after_the_recheck_interval(onec_emulator, today, monkeypatch):
    onec_emulator.set_version("1.1")
    onec = soap_client(onec_emulator.wsdl_url)
    assert onec.get_settlements(PROFKERAMIKA, today).open_invoices[0].vat is None
    _not_supported(lambda: ORDER_CALLS["ListOrders"](onec, today))
    onec_emulator.set_version("1.2")
    _not_supported(lambda: ORDER_CALLS["ListOrders"](onec, today))  # within the interval, the WSDL read before holds
    monkeypatch.setattr(soap, "WSDL_RECHECK_SECONDS", 0.0)
    _not_supported(lambda: ORDER_CALLS["ListOrders"](onec, today))  # this one finds the copy stale and drops it
    assert ORDER_CALLS["ListOrders"](onec, today)  # the open orders, at least
    assert onec.get_settlements(PROFKERAMIKA, today).open_invoices[0].vat is not None
    assert (onec.published_version(), onec_emulator.stats.wsdl_requests) == ("1.2", 2)
