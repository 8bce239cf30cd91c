"""A Redis that goes away (apps/core/cache.py): the cache answers from the database meanwhile,
without waiting on Redis call after call, and a Redis that comes back with older data does
not serve it. Against a Redis of the test's own (tests/servers.py), stopped and started."""

import time

import pytest
import redis as redis_py

from apps.core import cache as portal_cache
from apps.core.cache import RedisCache
from tests.servers import RedisServer

pytestmark = pytest.mark.django_db


@pytest.fixture
def server(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        yield server


@pytest.fixture
def cache(server, monkeypatch):
    monkeypatch.setattr(portal_cache, "RETRY_AFTER_SECONDS", 0.2)
    return RedisCache(server.url, {"OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2}})


def test_with_redis_up_values_live_in_redis(cache, server):
    cache.set("k", "v")
    assert cache.get("k") == "v"
    assert redis_py.Redis.from_url(server.url).exists(cache.make_key("k"))


def test_with_redis_gone_the_cache_answers_from_the_database(cache, server):
    cache.set("before", 1)
    server.stop()
    assert cache.get("before") is None  # a miss, not an error
    cache.set("during", "kept")
    assert cache.get("during") == "kept"
    assert cache.add("counter", 1) and cache.incr("counter") == 2
    cache.delete("during")
    assert cache.get("during") is None


def test_a_dead_redis_is_not_asked_again_until_the_pause_is_over(cache, server, monkeypatch):
    server.stop()
    cache.get("k")  # finds it down
    calls = []
    real = cache._cache.get
    monkeypatch.setattr(cache._cache, "get", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    for _ in range(50):
        cache.get("k")
    assert calls == []  # the database answered all fifty
    time.sleep(0.25)
    cache.get("k")
    assert len(calls) == 1  # tried again after the pause


def test_keys_written_during_the_outage_are_dropped_from_a_redis_that_returns_with_older_data(cache, server):
    server.stop()
    cache.set("session", "logged-out")  # the database moved on while Redis was away
    server.start()
    # A failed-over replica still holding the value from before the outage:
    cache._cache.set(cache.make_and_validate_key("session"), "logged-in-before", None)
    time.sleep(0.25)
    assert cache.get("session") is None  # not the replica's stale value
    cache.set("session", "fresh")
    assert cache.get("session") == "fresh"
