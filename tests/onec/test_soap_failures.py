"""Every way 1C can fail maps to exactly one of our error kinds, and fast."""

import socket
import time

import pytest

from apps.onec.client import OneCError, OneCErrorKind
from tests.onec.helpers import soap_client, warmed
from tests.onec.hostile import HostileServer

pytestmark = pytest.mark.integration
UNAVAILABLE = OneCErrorKind.UNAVAILABLE


def _error_of(call) -> OneCError:
    with pytest.raises(OneCError) as caught:
        call()
    return caught.value


@pytest.fixture
def hostile():
    server = HostileServer()
    yield server
    server.stop()


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_refused_connection_to_the_wsdl_is_unavailable():
    error = _error_of(soap_client(f"http://127.0.0.1:{_closed_port()}/portal/ws/ClientPortal.1cws?wsdl").ping)
    assert (error.kind, "refused" in error.message) == (UNAVAILABLE, True)


def test_refused_connection_to_the_endpoint_is_unavailable(onec_emulator):
    endpoint = f"http://127.0.0.1:{_closed_port()}/portal/ws/ClientPortal.1cws"
    error = _error_of(soap_client(onec_emulator.wsdl_url, endpoint_url=endpoint).ping)
    assert (error.kind, "refused" in error.message) == (UNAVAILABLE, True)


def test_unresolvable_host_is_unavailable(onec_emulator):
    endpoint = "http://onec-portal.invalid/portal/ws/ClientPortal.1cws"  # .invalid never resolves
    error = _error_of(soap_client(onec_emulator.wsdl_url, endpoint_url=endpoint).ping)
    assert (error.kind, "DNS" in error.message) == (UNAVAILABLE, True)


def test_a_slow_1c_times_out_as_unavailable(onec_emulator):
    onec = warmed(soap_client(onec_emulator.wsdl_url, timeout=0.3))
    onec_emulator.set_latency(1000)
    started = time.monotonic()
    error = _error_of(onec.ping)
    assert error.kind == UNAVAILABLE and time.monotonic() - started < 0.9


def test_reconciliation_acts_get_the_longer_timeout(onec_emulator):
    onec = warmed(soap_client(onec_emulator.wsdl_url, timeout=0.3, act_timeout=3))
    onec_emulator.set_latency(600)
    assert onec.get_reconciliation_act("5036012344", _days_ago(60), _days_ago(0)).file.data
    assert _error_of(onec.ping).kind == UNAVAILABLE


def test_a_1c_that_drips_bytes_is_cut_off_at_the_total_deadline(hostile):
    onec = soap_client(f"{hostile.endpoint_url}?wsdl", timeout=0.5)
    hostile.behaviour = "drip"  # every gap is 0.05 s, far under the 0.5 s read timeout
    started = time.monotonic()
    error = _error_of(onec.ping)
    elapsed = time.monotonic() - started
    assert error.kind == UNAVAILABLE and "0.5" in error.message
    assert 0.45 < elapsed < 1.0


def test_wrong_password_is_unavailable(onec_emulator):
    error = _error_of(soap_client(onec_emulator.wsdl_url, password="wrong").ping)
    assert (error.kind, "401" in error.message) == (UNAVAILABLE, True)


def test_password_changed_after_the_wsdl_was_read_is_unavailable(onec_emulator):
    onec = soap_client(onec_emulator.wsdl_url)
    onec.ping()
    onec_emulator.knobs.password = "rotated"
    error = _error_of(onec.ping)
    assert (error.kind, "401" in error.message) == (UNAVAILABLE, True)


@pytest.mark.parametrize(
    "behaviour",
    ["html502", "html500", "xml500_without_fault", "not_xml", "html200", "empty503", "entity_bomb", "fault_other"],
)
def test_answers_that_are_not_the_contract_are_unavailable(hostile, behaviour):
    onec = soap_client(f"{hostile.endpoint_url}?wsdl")
    hostile.behaviour = behaviour
    assert _error_of(onec.ping).kind == UNAVAILABLE


def test_a_file_without_data_is_never_success(hostile):
    onec = soap_client(f"{hostile.endpoint_url}?wsdl")
    hostile.behaviour = "file_without_data"
    error = _error_of(lambda: onec.get_document_file("5036012344", "any"))
    assert (error.kind, "Data" in error.message) == (UNAVAILABLE, True)


def test_the_client_recovers_when_1c_comes_back(onec_emulator):
    onec_emulator.set_down(True)
    onec = soap_client(onec_emulator.wsdl_url)
    assert _error_of(onec.ping).kind == UNAVAILABLE  # the WSDL itself could not be read
    onec_emulator.set_down(False)
    assert onec.ping()


def _days_ago(days: int):
    from datetime import date, timedelta

    return date.today() - timedelta(days=days)
