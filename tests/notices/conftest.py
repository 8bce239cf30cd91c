from datetime import date

import pytest

from apps.notices.services import notice_subscription_save


@pytest.fixture
def subscribe():
    """Subscribe a client to the given kinds (both by default), to its own address."""

    def make(client, *, closing: bool = True, certificates: bool = True, email: str = ""):
        return notice_subscription_save(
            client=client, closing=closing, certificates=certificates, email=email or client.email
        )

    return make


@pytest.fixture
def add_closing(fake_onec):
    def add(client, number: str, **fields):
        return fake_onec.add_document(client.inn, "Closing", date(2026, 11, 20), number=number, **fields)

    return add
