"""A slow, stalled or failing 1C on a v1.1 operation: UNAVAILABLE within the call's timeout,
never a hang and never a crash."""

from datetime import UTC, date, datetime, timedelta

import pytest

from apps.onec.client import OneCError, OneCErrorKind
from tests.onec.helpers import soap_client, unavailable_within

pytestmark = pytest.mark.integration
PROFKERAMIKA = "5036012344"
TIMEOUT = 1.0  # the smallest ONEC_TIMEOUT settings allow
MARGIN = 1.5  # a loaded test machine
TODAY = date.today()
CALLS = {
    "GetSettlements": lambda onec: onec.get_settlements(PROFKERAMIKA, TODAY),
    "ListShipments": lambda onec: onec.list_shipments(PROFKERAMIKA, TODAY - timedelta(days=30), TODAY),
    "ListChangedDocuments": lambda onec: onec.list_changed_documents(datetime.now(UTC) - timedelta(days=1), 5),
    "ListDocuments(Certificate)": lambda onec: onec.list_documents(
        PROFKERAMIKA, "Certificate", TODAY - timedelta(days=30), TODAY
    ),
}


@pytest.mark.parametrize("call", CALLS)
@pytest.mark.parametrize("stall", ["silent", "drip_body"])
def test_a_stalled_1c_on_a_v1_1_call_is_unavailable_at_the_deadline(stalling, call, stall):
    stalling.operation = stall
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT)
    error = unavailable_within(TIMEOUT + MARGIN, lambda: CALLS[call](onec))
    assert "did not answer within 1 s" in error.message


@pytest.mark.parametrize("call", CALLS)
def test_a_slow_emulator_on_a_v1_1_call_is_unavailable_at_the_deadline(onec_emulator, call):
    onec = soap_client(onec_emulator.wsdl_url, timeout=TIMEOUT)
    onec.ping()  # the WSDL is read while 1C is quick
    onec_emulator.set_latency(3000)
    unavailable_within(TIMEOUT + MARGIN, lambda: CALLS[call](onec))


@pytest.mark.parametrize("call", ["GetSettlements", "ListShipments", "ListDocuments(Certificate)"])
def test_1c_failing_for_one_inn_on_a_v1_1_call_is_unavailable(onec_emulator, call):
    onec_emulator.fail_inn = PROFKERAMIKA
    with pytest.raises(OneCError) as caught:
        CALLS[call](soap_client(onec_emulator.wsdl_url))
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE


def test_a_down_1c_on_a_v1_1_call_is_unavailable(onec_emulator):
    onec_emulator.set_down()
    with pytest.raises(OneCError) as caught:
        CALLS["ListChangedDocuments"](soap_client(onec_emulator.wsdl_url))
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE
