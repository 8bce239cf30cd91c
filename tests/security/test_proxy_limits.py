"""Behind a reverse proxy one attacker must not lock every client, or a staff name, out.

REMOTE_ADDR is the proxy then; TRUSTED_PROXY_COUNT tells how many proxies append to
X-Forwarded-For, and the client login's limits and the staff lockout key on the real address.
"""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apps.core.ip import client_ip
from tests.factories import make_client

PROXY = "10.0.0.5"
ATTACKER = "203.0.113.66"
SOMEONE_ELSE = "198.51.100.7"


def _via_proxy(address: str, spoofed: str = "") -> dict:
    chain = f"{spoofed}, {address}" if spoofed else address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": chain}


def _ip(settings, count: int, remote: str, xff: str | None) -> str:
    settings.TRUSTED_PROXY_COUNT = count
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    return client_ip(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("count", "xff", "expected"),
    [
        (0, "1.2.3.4", PROXY),  # no proxy trusted: a client's header means nothing
        (1, ATTACKER, ATTACKER),
        (1, f"1.2.3.4, {ATTACKER}", ATTACKER),  # the left entry is the client's own invention
        (2, f"1.2.3.4, {ATTACKER}, 10.0.0.9", ATTACKER),
        (2, ATTACKER, PROXY),  # fewer entries than proxies: it did not come through them
        (1, "not-an-address", PROXY),
        (1, f"{ATTACKER}:51234", ATTACKER),
        (1, "[2001:db8::1]:443", "2001:db8::1"),
        (1, None, PROXY),
    ],
)
def test_client_ip_takes_the_entry_the_trusted_proxy_wrote(settings, count, xff, expected):
    assert _ip(settings, count, PROXY, xff) == expected


def _client_login(http, login: str, password: str, meta: dict):
    return http.post(reverse("account_login"), {"login": login, "password": password}, follow=True, **meta)


@pytest.mark.django_db
def test_bad_logins_from_one_address_never_stop_another_client(settings, client, password):
    settings.TRUSTED_PROXY_COUNT = 1
    victims = [make_client(name=f"ООО «Жертва {n}»") for n in range(3)]
    for n in range(12):  # past the 10 a minute per address
        _client_login(client, victims[n % 3].inn, "wrong-password", _via_proxy(ATTACKER))
    blocked = _client_login(client, victims[0].inn, password, _via_proxy(ATTACKER))
    assert "Слишком много попыток входа" in blocked.content.decode() or blocked.status_code == 429

    client.cookies.clear()
    other = make_client(name="ООО «Другой клиент»")
    response = _client_login(client, other.inn, password, _via_proxy(SOMEONE_ELSE, spoofed=ATTACKER))
    assert "Здравствуйте, ООО «Другой клиент»!" in response.content.decode()


@pytest.mark.django_db
def test_an_attacker_cannot_lock_the_owner_out_of_their_own_account(settings, client, client_org, password):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(6):  # past the 5 in 5 minutes per login
        _client_login(client, client_org.inn, "wrong-password", _via_proxy(ATTACKER))
    assert (
        "Слишком много попыток входа"
        in _client_login(client, client_org.inn, password, _via_proxy(ATTACKER)).content.decode()
    )

    client.cookies.clear()
    response = _client_login(client, client_org.inn, password, _via_proxy(SOMEONE_ELSE))
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()


@pytest.mark.django_db
def test_without_a_trusted_proxy_a_forged_header_does_not_escape_the_limit(settings, client, client_org, password):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(6):
        _client_login(client, client_org.inn, "wrong-password", _via_proxy(f"192.0.2.{n + 1}"))
    response = _client_login(client, client_org.inn, password, _via_proxy("192.0.2.99"))
    assert "Слишком много попыток входа" in response.content.decode()


def _admin_login(http, username: str, password: str, meta: dict):
    return http.post(reverse("admin:login"), {"username": username, "password": password, "next": "/admin/"}, **meta)


@pytest.mark.django_db
def test_staff_lockout_is_per_real_address(settings, client, staff_user, password):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _admin_login(client, staff_user.username, "wrong-password", _via_proxy(ATTACKER))
    locked = _admin_login(client, staff_user.username, password, _via_proxy(ATTACKER))
    assert "Вход временно заблокирован" in locked.content.decode()

    client.cookies.clear()
    response = _admin_login(client, staff_user.username, password, _via_proxy(SOMEONE_ELSE))
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)
