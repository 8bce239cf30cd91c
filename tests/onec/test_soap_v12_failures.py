"""A slow, stalled, failing or contract-breaking 1C on an order call: UNAVAILABLE within the
call's timeout, never a hang, a crash or a half-read order."""

from datetime import timedelta

import pytest

from apps.onec.emulator import protocol
from tests.onec.helpers import soap_client, unavailable_within

pytestmark = pytest.mark.integration
PROFKERAMIKA = "5036012344"
TIMEOUT = 1.0  # the smallest ONEC_TIMEOUT settings allow
MARGIN = 1.5  # a loaded test machine
ANY_ID = "8f0c2a52-6a1e-11ee-8c99-0242ac120002"


def _list(onec, today):
    return onec.list_orders(PROFKERAMIKA, today - timedelta(days=30), today)


CALLS = {
    "ListOrders": _list,
    "GetOrder": lambda onec, today: onec.get_order(PROFKERAMIKA, ANY_ID),
}


@pytest.fixture
def today(onec_emulator_server):
    return onec_emulator_server.ledger.today


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("stall", ["silent", "drip_body"])
def test_a_stalled_1c_on_an_order_call_is_unavailable_at_the_deadline(stalling, today, call, stall):
    stalling.operation = stall
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT)
    error = unavailable_within(TIMEOUT + MARGIN, lambda: CALLS[call](onec, today))
    assert "did not answer within 1 s" in error.message


@pytest.mark.parametrize("call", CALLS)
def test_a_slow_emulator_on_an_order_call_is_unavailable_at_the_deadline(onec_emulator, today, call):
    onec = soap_client(onec_emulator.wsdl_url, timeout=TIMEOUT)
    onec.ping()  # the WSDL is read while 1C is quick
    onec_emulator.set_latency(3000)
    unavailable_within(TIMEOUT + MARGIN, lambda: CALLS[call](onec, today))


@pytest.mark.parametrize("call", CALLS)
def test_a_soap_fault_of_1c_on_an_order_call_is_unavailable(onec_emulator, today, call):
    onec_emulator.fail_inn = PROFKERAMIKA  # «Ошибка СУБД…»: a soap:Server fault with no contract word
    error = unavailable_within(TIMEOUT + MARGIN, lambda: CALLS[call](soap_client(onec_emulator.wsdl_url), today))
    assert "Ошибка СУБД" in error.message


def test_a_down_1c_on_an_order_call_is_unavailable(onec_emulator, today):
    onec_emulator.set_down()
    unavailable_within(TIMEOUT + MARGIN, lambda: _list(soap_client(onec_emulator.wsdl_url), today))


def _breaking(fields: list, what: str) -> list:
    """An Order's children as a 1C that breaks the contract writes them."""
    if what == "no Amount":
        return [f for f in fields if f.tag.rsplit("}", 1)[-1] != "Amount"]
    for field in fields:
        if field.tag.rsplit("}", 1)[-1] == "Amount":
            field.text = "много"
    return fields


@pytest.mark.parametrize("what", ["no Amount", "Amount not a decimal"])
@pytest.mark.parametrize("call", CALLS)
def test_an_order_that_breaks_the_contract_is_unavailable(onec_emulator, today, monkeypatch, call, what):
    onec = soap_client(onec_emulator.wsdl_url)
    order_id = _list(onec, today)[0].id
    order_fields = protocol._order_fields
    monkeypatch.setattr(protocol, "_order_fields", lambda order, lines: _breaking(order_fields(order, lines), what))
    calls = {"ListOrders": lambda: _list(onec, today), "GetOrder": lambda: onec.get_order(PROFKERAMIKA, order_id)}
    unavailable_within(TIMEOUT + MARGIN, calls[call])


@pytest.mark.parametrize("call", ["ListDocuments", "GetSettlements", "ListOrders"])
def test_an_amount_that_is_not_a_decimal_in_any_answer_is_unavailable(onec_emulator, today, monkeypatch, call):
    """zeep's Decimal() raised InvalidOperation, which is no ValueError, and left the seam raw."""
    onec = soap_client(onec_emulator.wsdl_url)
    monkeypatch.setattr(protocol, "_amount", lambda value: "много")
    calls = {
        "ListDocuments": lambda: onec.list_documents(PROFKERAMIKA, "Invoice", today - timedelta(days=90), today),
        "GetSettlements": lambda: onec.get_settlements(PROFKERAMIKA, today),
        "ListOrders": lambda: _list(onec, today),
    }
    error = unavailable_within(TIMEOUT + MARGIN, calls[call])
    assert "InvalidOperation" in error.message
