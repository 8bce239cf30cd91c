import pytest

from tests.onec.hostile import StallingServer


@pytest.fixture
def stalling():
    """A server that serves the WSDL and then holds the line (tests/onec/hostile.py)."""
    server = StallingServer()
    yield server
    server.stop()
