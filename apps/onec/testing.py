"""pytest fixtures for any app's tests. Import them into a conftest.py:

    from apps.onec.testing import fake_onec, onec_emulator  # noqa: F401

`fake_onec`: the shared in-memory FakeOneC, empty and healthy, returned by get_onec_client().
`onec_emulator`: a real emulator over HTTP (one per test session), healthy, with settings
pointing the SOAP client at it; its handle's knobs (set_down, set_latency, fail_inn,
set_version) are reset after each test.
"""

import pytest

from apps.onec.backend import reset_onec_clients
from apps.onec.emulator.server import EmulatorHandle, start_emulator
from apps.onec.fake import FakeOneC, fake_onec_instance
from apps.onec.status import onec_status_forget


@pytest.fixture
def fake_onec(settings) -> FakeOneC:
    settings.ONEC_BACKEND = "fake"
    fake_onec_instance.reset()
    yield fake_onec_instance
    fake_onec_instance.reset()


@pytest.fixture(scope="session")
def onec_emulator_server() -> EmulatorHandle:
    handle = start_emulator(username="portal", password="portal")  # noqa: S106  (test-only)
    yield handle
    handle.stop()


@pytest.fixture
def onec_emulator(onec_emulator_server: EmulatorHandle, settings) -> EmulatorHandle:
    settings.ONEC_BACKEND = "soap"
    settings.ONEC_WSDL_URL = onec_emulator_server.wsdl_url
    settings.ONEC_ENDPOINT_URL = ""
    settings.ONEC_USERNAME = settings.ONEC_PASSWORD = "portal"  # noqa: S105
    settings.ONEC_TIMEOUT, settings.ONEC_ACT_TIMEOUT = 5.0, 10.0
    onec_emulator_server.reset()
    onec_status_forget()
    reset_onec_clients()  # no WSDL read before this test (of another contract version) is reused
    yield onec_emulator_server
    onec_emulator_server.reset()
    reset_onec_clients()  # the next test builds a fresh client (new session, new WSDL)
