import pytest

from apps.onec.testing import fake_onec, onec_emulator, onec_emulator_server  # noqa: F401


@pytest.fixture(autouse=True)
def _empty_cache():
    """Overrides tests/conftest.py's: these tests never touch the cache, and clearing the
    database cache would demand a database for tests that need none."""
    yield
