"""A 1C that accepts the connection and then stalls or drips its bytes holds nobody past the
deadline: not the caller, not the callers waiting behind it, not the admin's health page.

The servers would hold the line for minutes (a byte every 0.2 s); every call must end as
UNAVAILABLE within its timeout plus a margin for a loaded test machine.
"""

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.documents import services
from apps.onec.backend import reset_onec_clients
from apps.onec.client import OneCError, OneCErrorKind
from tests.onec.helpers import soap_client
from tests.onec.hostile import StallingServer

pytestmark = pytest.mark.integration
UNAVAILABLE = OneCErrorKind.UNAVAILABLE
TIMEOUT = 1.0  # the smallest ONEC_TIMEOUT settings allow
MARGIN = 1.5
STALLS = ["silent", "drip_status", "drip_headers", "drip_body"]


@pytest.fixture
def stalling():
    server = StallingServer()
    yield server
    server.stop()


@pytest.fixture
def stalled_portal(stalling, settings):
    """The portal's own 1C client (get_onec_client) pointed at the stalling server."""
    settings.ONEC_BACKEND = "soap"
    settings.ONEC_WSDL_URL, settings.ONEC_ENDPOINT_URL = stalling.wsdl_url, ""
    settings.ONEC_USERNAME = settings.ONEC_PASSWORD = "portal"
    settings.ONEC_TIMEOUT, settings.ONEC_ACT_TIMEOUT = TIMEOUT, TIMEOUT
    yield stalling
    reset_onec_clients()


def _unavailable_within(seconds: float, call) -> OneCError:
    started = time.monotonic()
    with pytest.raises(OneCError) as caught:
        call()
    elapsed = time.monotonic() - started
    assert caught.value.kind == UNAVAILABLE, caught.value
    assert elapsed < seconds, f"the call took {elapsed:.1f} s: {caught.value}"
    return caught.value


@pytest.mark.parametrize("stall", STALLS)
def test_an_operation_that_stalls_or_drips_ends_unavailable_at_the_deadline(stalling, stall):
    stalling.operation = stall
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT)
    error = _unavailable_within(TIMEOUT + MARGIN, onec.ping)
    assert "did not answer within 1 s" in error.message


@pytest.mark.parametrize("stall", STALLS)
def test_a_wsdl_that_stalls_or_drips_ends_unavailable_at_the_deadline(stalling, stall):
    stalling.wsdl = stall
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT)
    error = _unavailable_within(TIMEOUT + MARGIN, onec.ping)
    assert "did not answer within 1 s" in error.message
    assert [path.endswith("?wsdl") for path in stalling.requests] == [True]  # no operation was tried


def test_a_schema_the_wsdl_imports_is_never_fetched_so_it_cannot_stall(stalling):
    stalling.imports_xsd, stalling.xsd = True, "silent"
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT)
    error = _unavailable_within(TIMEOUT, onec.ping)
    assert "ExternalReferenceForbidden" in error.message
    assert not any(path.endswith(".xsd") for path in stalling.requests)


def test_a_call_waiting_behind_a_stalled_wsdl_load_gives_up_at_its_own_deadline(stalling):
    stalling.wsdl = "drip_body"
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT, act_timeout=3 * TIMEOUT)
    with _in_background(lambda: onec.get_reconciliation_act("5036012344", *_last_month())) as first:
        _wait_for(lambda: stalling.requests)  # the act's call holds the WSDL lock, reading
        error = _unavailable_within(TIMEOUT + MARGIN, onec.ping)
    assert "WSDL" in error.message
    assert first["error"].kind == UNAVAILABLE


def test_a_call_waiting_for_a_connection_held_by_a_stalled_call_gives_up_at_its_own_deadline(stalling):
    onec = soap_client(stalling.wsdl_url, timeout=TIMEOUT, act_timeout=3 * TIMEOUT, max_connections=1)
    with _in_background(lambda: onec.get_reconciliation_act("5036012344", *_last_month())) as first:
        _wait_for(lambda: len(stalling.requests) == 2)  # the WSDL, then the act's stalled POST
        error = _unavailable_within(TIMEOUT + MARGIN, onec.ping)
    assert "busy" in error.message
    assert first["error"].kind == UNAVAILABLE


@pytest.mark.django_db(transaction=True)
def test_the_client_sees_that_1c_is_unavailable_after_the_retry_window(stalled_portal, settings, logged_in, client_org):
    settings.ONEC_RETRY_WINDOW_MINUTES = 0
    stalled_portal.operation = "drip_headers"
    today = timezone.localdate()
    started = time.monotonic()
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=today - timedelta(days=30), date_to=today, email="a@b.example"
    )
    elapsed = time.monotonic() - started
    request.refresh_from_db()
    assert (request.status, "did not answer within 1 s" in request.last_error) == ("unavailable", True)
    assert elapsed < TIMEOUT + MARGIN
    page = logged_in.get(reverse("cabinet:document_request", args=[request.id])).content.decode()
    assert "Сервис 1С временно недоступен" in page


# Transactional: in production no transaction is open around the page while the ping's thread
# records 1C's state in the (database) cache; a test transaction would hold SQLite's write lock.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("where", ["wsdl", "operation"])
def test_the_health_page_answers_while_1c_stalls(stalled_portal, admin_client, where):
    setattr(stalled_portal, where, "drip_status")
    started = time.monotonic()
    response = admin_client.get(reverse("onec:health"))
    elapsed = time.monotonic() - started
    assert response.status_code == 200 and elapsed < TIMEOUT + 2
    page = response.content.decode()
    assert "1С недоступна" in page and "did not answer within 1 s" in page


@contextmanager
def _in_background(call) -> Iterator[dict]:
    """Run `call` in a thread for the duration of the block; its OneCError ends up in ["error"]."""
    outcome: dict[str, OneCError] = {}

    def run() -> None:
        try:
            call()
        except OneCError as error:
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    yield outcome
    thread.join(timeout=10)
    assert not thread.is_alive()


def _wait_for(condition, seconds: float = 5.0) -> None:
    ends = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < ends, "the background call never reached 1C"
        time.sleep(0.01)


def _last_month():
    today = timezone.localdate()
    return today - timedelta(days=30), today
