"""Staff see 1C's health in the admin; nobody else does."""

import threading
import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_staff_see_the_base_name_and_latency(admin_client, fake_onec):
    page = admin_client.get(reverse("onec:health")).content.decode()
    assert "Фейковая 1С" in page and "мс" in page


def test_staff_see_the_error_when_1c_is_down(admin_client, fake_onec):
    fake_onec.set_down()
    page = admin_client.get(reverse("onec:health")).content.decode()
    assert "unavailable" in page and "Фейковая 1С" not in page


def test_a_client_cannot_see_it(client, fake_onec):
    response = client.get(reverse("onec:health"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_an_unexpected_failure_is_shown_not_raised(admin_client, monkeypatch):
    def broken():
        raise RuntimeError("no 1C client for you")

    monkeypatch.setattr("apps.onec.health.get_onec_client", broken)
    response = admin_client.get(reverse("onec:health"))
    assert response.status_code == 200 and "RuntimeError: no 1C client for you" in response.content.decode()


def test_a_ping_stuck_beyond_its_deadline_does_not_hold_the_page(admin_client, monkeypatch, settings):
    """What no socket deadline reaches (a DNS server that never answers) still ends the page."""
    settings.ONEC_TIMEOUT = 1.0
    released = threading.Event()
    stuck = SimpleNamespace(ping=lambda: released.wait(30) and "")
    monkeypatch.setattr("apps.onec.health.get_onec_client", lambda: stuck)
    started = time.monotonic()
    try:
        response = admin_client.get(reverse("onec:health"))
    finally:
        released.set()
    assert response.status_code == 200 and time.monotonic() - started < settings.ONEC_TIMEOUT + 2
    assert "no answer within 1 s" in response.content.decode()


# Transactional: the ping's thread records 1C's state in the database cache, which a test
# transaction would hold locked (as in tests/security/test_onec_stall.py).
@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_staff_see_which_contract_version_the_base_publishes(admin_client, onec_emulator, version):
    onec_emulator.set_version(version)
    page = admin_client.get(reverse("onec:health")).content.decode()
    assert f"Версия контракта ClientPortal: {version}" in page
    assert ("взаиморасчёты, отгрузки, сертификаты и заказы клиентам недоступны" in page) == (version == "1.0")
    assert ("заказы клиентам недоступны, а НДС неоплаченных счетов не указывается" in page) == (version == "1.1")
