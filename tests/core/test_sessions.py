"""The idle timeout: a session ends SESSION_IDLE_HOURS after its last request, yet a page does
not write the session on every request (that write was a database write per page)."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

HOME = "/"


def _session_writes(http, path=HOME) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert http.get(path).status_code == 200
    return sum('"django_session"' in q["sql"] and q["sql"].startswith(("UPDATE", "INSERT")) for q in queries)


def _expiry(http):
    return Session.objects.get(session_key=http.session.session_key).expire_date


def test_pages_within_the_refresh_interval_do_not_write_the_session(logged_in):
    _session_writes(logged_in)  # the first page after login records when it was seen
    assert [_session_writes(logged_in) for _ in range(3)] == [0, 0, 0]


def test_a_page_after_the_refresh_interval_moves_the_expiry_forward(logged_in, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _session_writes(logged_in)
        before = _expiry(logged_in)
        clock.shift(timedelta(seconds=settings.SESSION_IDLE_REFRESH_SECONDS + 1))
        assert _session_writes(logged_in) == 1
        assert _expiry(logged_in) - before == timedelta(seconds=settings.SESSION_IDLE_REFRESH_SECONDS + 1)


def test_a_session_idle_longer_than_the_limit_ends(logged_in, settings):
    # The rows decide here; with Redis (cached_db) the cache's own expiry does, tested below:
    # a clock moved by the test does not move Redis's.
    settings.SESSION_ENGINE = "apps.core.session_backends.db"
    with time_machine.travel(timezone.now(), tick=False) as clock:
        logged_in.get(HOME)
        clock.shift(timedelta(hours=settings.SESSION_IDLE_HOURS, minutes=1))
        response = logged_in.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_session_in_use_outlives_the_idle_limit(logged_in, settings):
    with time_machine.travel(timezone.now(), tick=False) as clock:
        for _ in range(4):  # a page every 3 hours for 12 hours, with an idle limit of 8
            assert logged_in.get(HOME).status_code == 200
            clock.shift(timedelta(hours=3))
        assert logged_in.get(HOME).status_code == 200


def test_the_cabinet_loads_the_login_and_its_organisation_in_one_query(logged_in, client_org):
    logged_in.get(HOME)
    with CaptureQueriesContext(connection) as queries:
        logged_in.get(HOME)
    assert sum('FROM "auth_user"' in q["sql"] for q in queries) == 1
    assert sum('FROM "clients_client"' in q["sql"] for q in queries) == 0


def test_a_cached_session_leaves_the_cache_after_the_idle_limit(client, client_org, settings, monkeypatch):
    from apps.core.session_backends import cached_db

    settings.SESSION_ENGINE = "apps.core.session_backends.cached_db"
    timeouts = []
    original = cached_db.SessionStore.save

    def save(self, must_create=False):
        monkeypatch.setattr(self._cache, "set", lambda key, value, timeout: timeouts.append(timeout))
        return original(self, must_create)

    monkeypatch.setattr(cached_db.SessionStore, "save", save)
    client.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    client.get(HOME)
    assert timeouts
    # Each write keeps the session in the cache for the idle limit from now (to the second).
    assert all(abs(timeout - settings.SESSION_IDLE_HOURS * 3600) <= 2 for timeout in timeouts), timeouts


@pytest.mark.parametrize("engine", ["db", "cached_db"])
def test_the_compiled_session_read_finds_what_django_wrote_and_nothing_expired(engine):
    from importlib import import_module

    from django.contrib.sessions.backends.db import SessionStore as DjangoStore

    store = import_module(f"apps.core.session_backends.{engine}").SessionStore
    written = DjangoStore()
    written["seen"] = 42
    written.create()
    assert store(written.session_key).load() == {"seen": 42}

    Session.objects.filter(session_key=written.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    stale = store(written.session_key)
    if engine == "cached_db":
        stale._cache.clear()  # the row decides once the cache has let go
    assert stale.load() == {}
    assert stale.session_key is None  # a new key is made, as Django does for a missing session
    assert store("x" * 32).load() == {}
