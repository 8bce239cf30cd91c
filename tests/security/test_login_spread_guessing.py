"""Guessing one login's password from many addresses is slowed down, never a lockout.

The per-address limits (allauth's "login_failed": per address, and per login *and* address) let
nobody lock an owner out, but alone they let an attacker with many addresses guess without end.
The per-login ceiling (project/config/auth.py) allows LOGIN_FAILURES_PER_DAY failures of one
login a day, then one attempt every LOGIN_SLOWDOWN_MINUTES; «Забыли пароль?» still works and a
new password clears the count.
"""

import re
from datetime import UTC, datetime, timedelta
from itertools import count

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.urls import reverse

from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db

START = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)
TOO_MANY = "Слишком много попыток входа"
WRONG = "Неверный ИНН или пароль."
GREETING = "Здравствуйте, ООО «Профкерамика»!"
NEW_PASSWORD = "Шамот-огнеупор-77"
_hosts = count(1)


@pytest.fixture(autouse=True)
def _no_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0


def _new_address() -> str:
    n = next(_hosts)
    return f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"


def _login(http, login: str, password: str, address: str | None = None) -> str:
    http.cookies.clear()
    response = http.post(
        reverse("account_login"),
        {"login": login, "password": password},
        follow=True,
        REMOTE_ADDR=address or _new_address(),
    )
    return response.content.decode()


def _guess_from_fifty_addresses(http, login: str) -> list[str]:
    return [_login(http, login, f"guess-{n}") for n in range(50)]


def test_guesses_from_fifty_addresses_hit_the_per_login_ceiling(client, client_org):
    with time_machine.travel(START, tick=False):
        answers = _guess_from_fifty_addresses(client, client_org.inn)
    checked = sum(WRONG in answer for answer in answers)
    # The day's free failures, then one in the slowdown; every other guess is refused unchecked.
    assert checked == django_settings.LOGIN_FAILURES_PER_DAY + 1
    assert sum(TOO_MANY in answer for answer in answers) == 50 - checked


def test_the_right_password_from_a_new_address_waits_out_the_slowdown(client, client_org, password):
    with time_machine.travel(START, tick=False):
        _guess_from_fifty_addresses(client, client_org.inn)
        # Letting it through would tell the attacker which guess was right.
        assert TOO_MANY in _login(client, client_org.inn, password)
    slowdown = timedelta(minutes=django_settings.LOGIN_SLOWDOWN_MINUTES)
    with time_machine.travel(START + slowdown - timedelta(seconds=1), tick=False):
        assert TOO_MANY in _login(client, client_org.inn, password)
    with time_machine.travel(START + slowdown + timedelta(seconds=1), tick=False):
        assert GREETING in _login(client, client_org.inn, password)


def test_a_day_of_guessing_from_many_addresses_checks_at_most_a_hundred_passwords(client, client_org):
    checked = 0
    for minutes in range(0, 24 * 60, 10):  # three guesses every ten minutes, each from a new address
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            checked += sum(WRONG in _login(client, client_org.inn, f"guess-{minutes}-{n}") for n in range(3))
    assert checked <= 100


def test_successful_logins_do_not_use_up_the_ceiling(client, client_org, password):
    with time_machine.travel(START, tick=False):
        for _ in range(django_settings.LOGIN_FAILURES_PER_DAY + 5):
            assert GREETING in _login(client, client_org.inn, password)


def test_the_reset_is_not_slowed_and_a_new_password_clears_the_count(
    client, client_org, django_capture_on_commit_callbacks
):
    with time_machine.travel(START, tick=False):
        _guess_from_fifty_addresses(client, client_org.inn)
        client.cookies.clear()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("account_reset_password"), {"email": client_org.email}, REMOTE_ADDR=_new_address())
        assert OutgoingEmail.objects.filter(key__startswith="account.password_reset_key.").count() == 1

        url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
        action = client.get(url, follow=True).context["action_url"]
        client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        assert GREETING in _login(client, client_org.inn, NEW_PASSWORD)


def test_the_per_address_limit_still_holds(client, client_org, password):
    attacker = _new_address()
    with time_machine.travel(START, tick=False):
        for n in range(5):  # the 5 in 5 minutes per login and address, under the day's ceiling
            assert WRONG in _login(client, client_org.inn, f"guess-{n}", attacker)
        assert TOO_MANY in _login(client, client_org.inn, password, attacker)
        assert GREETING in _login(client, client_org.inn, password)
