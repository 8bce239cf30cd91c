import time
from dataclasses import replace

import pytest

from apps.onec.client import OneCError, OneCErrorKind
from apps.onec.sessions import SessionSlots
from apps.onec.soap import SoapConfig, SoapOneCClient

EMULATOR_PASSWORD = "portal"


class NoSessionCap(SessionSlots):
    """Every call gets a 1C session at once: for tests of the SOAP client that are not about
    licences and use no database (tests/onec/test_sessions*.py test the real ones)."""

    def __init__(self):
        super().__init__(limit=0)

    def try_acquire(self, lease: float) -> str:
        return "any"

    def release(self, token: str) -> None:
        pass


def soap_client(
    wsdl_url: str,
    *,
    endpoint_url: str = "",
    password: str = EMULATOR_PASSWORD,
    timeout: float = 5.0,
    act_timeout: float = 10.0,
    max_connections: int = 4,
    sessions: SessionSlots | None = None,
) -> SoapOneCClient:
    """The real SOAP client with test-sized timeouts (settings allow no less than a second),
    taking no shared session slot unless given `sessions`."""
    config = SoapConfig(wsdl_url, endpoint_url, "portal", password, timeout, act_timeout, max_connections)
    return SoapOneCClient(config, sessions or NoSessionCap())


def warmed(client: SoapOneCClient) -> SoapOneCClient:
    """The client with its WSDL already read, under a generous deadline: a test of a short
    timeout must time the call it is about, not zeep parsing the WSDL on a loaded machine (CI's
    two cores took 0.9 s for it once, past a 0.3 s timeout)."""
    short = client.config
    client.config = replace(short, timeout=30.0)
    try:
        client.ping()
    finally:
        client.config = short
    return client


def unavailable_within(seconds: float, call):
    """Run `call`, which must fail as 1C UNAVAILABLE before `seconds` (its deadline and a margin)
    are over; the error, for what it says. A bound on a deadline, not a measure of speed."""
    started = time.monotonic()
    with pytest.raises(OneCError) as caught:
        call()
    elapsed = time.monotonic() - started
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE, caught.value
    assert elapsed < seconds, f"the call took {elapsed:.1f} s: {caught.value}"
    return caught.value
