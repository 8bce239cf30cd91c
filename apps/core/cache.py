"""Django's Redis cache, keeping one redis-py client per connection pool, and falling back to
the database cache while Redis cannot be reached.

Django builds a new `redis.Redis` for every cache call, and redis-py fills about 170 response
callbacks into each new one: measured, that was a tenth of a logged-in page's own time on
PostgreSQL + Redis (every page reads its session from here). A client only holds its pool, and
redis-py's clients are safe to share, so one per pool does the same work.

Redis restarted, failed over or gone for a minute must not take the pages down: every call
that cannot reach it goes to the database cache (the `portal_cache` table `migrate` creates),
and for a few seconds after a failure Redis is not even tried, so a dead Redis costs a page one
short timeout, not one per cache call. The keys written meanwhile are deleted from Redis when it
answers again: a Redis that comes back with older data (a failed-over replica) must not serve
a session or a count the database has moved past.
"""

import logging
import threading
import time

from django.core.cache.backends import redis
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# After a failure, how long calls go straight to the database before Redis is tried again.
RETRY_AFTER_SECONDS = 5.0
# Keys written to the database meanwhile, to delete from Redis on its return (bounded: past it
# the cache is cleared instead, which loses nothing that is not also in the database).
MAX_STALE_KEYS = 10_000
FALLBACK_TABLE = "portal_cache"


class RedisCacheClient(redis.RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(redis.RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = RedisCacheClient
        fallback_params = {key: value for key, value in params.items() if key != "OPTIONS"}
        self._fallback = DatabaseCache(FALLBACK_TABLE, fallback_params)
        self._lock = threading.Lock()
        self._down_until = 0.0
        self._stale: set[str] = set()
        self._overflowed = False

    # --- the circuit -----------------------------------------------------------------------
    def _call(self, name: str, *args, written: tuple = (), **kwargs):
        """`name` on Redis, or on the database cache while Redis cannot be reached."""
        if time.monotonic() >= self._down_until:
            try:
                if self._stale or self._overflowed:
                    self._forget_stale()  # before anything is read from a Redis just back
                return getattr(super(), name)(*args, **kwargs)
            except UNREACHABLE as error:
                self._went_down(error)
        self._remember(written, kwargs.get("version"))
        return getattr(self._fallback, name)(*args, **kwargs)

    def _went_down(self, error: Exception) -> None:
        with self._lock:
            first = self._down_until == 0.0
            self._down_until = time.monotonic() + RETRY_AFTER_SECONDS
        if first:
            logger.warning("Redis unreachable (%s): the cache falls back to the database", type(error).__name__)

    def _remember(self, keys: tuple, version) -> None:
        with self._lock:
            for key in keys:
                if len(self._stale) >= MAX_STALE_KEYS:
                    self._overflowed = True
                    return
                self._stale.add(self.make_and_validate_key(key, version=version))

    def _forget_stale(self) -> None:
        with self._lock:
            stale, overflowed = self._stale, self._overflowed
            self._stale, self._overflowed, self._down_until = set(), False, 0.0
        try:
            if overflowed:
                super().clear()
            elif stale:
                self._cache.delete_many(list(stale))
        except UNREACHABLE:
            with self._lock:
                self._stale |= stale
                self._overflowed |= overflowed
            raise
        logger.warning("Redis answers again: %d keys written meanwhile dropped from it", len(stale))

    # --- the cache API ---------------------------------------------------------------------
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", key, value, timeout, version=version, written=(key,))

    def get(self, key, default=None, version=None):
        return self._call("get", key, default, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", key, value, timeout, version=version, written=(key,))

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", key, timeout, version=version, written=(key,))

    def delete(self, key, version=None):
        return self._call("delete", key, version=version, written=(key,))

    def get_many(self, keys, version=None):
        return self._call("get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", key, version=version)

    def incr(self, key, delta=1, version=None):
        return self._call("incr", key, delta, version=version, written=(key,))

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", data, timeout, version=version, written=tuple(data))

    def delete_many(self, keys, version=None):
        return self._call("delete_many", keys, version=version, written=tuple(keys))

    def clear(self):
        self._fallback.clear()
        return self._call("clear")
