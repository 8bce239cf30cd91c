"""1C's licences: at most ONEC_MAX_SESSIONS calls of the portal in flight to 1C at once, counted
across all its processes and nodes.

A 1C base allows only so many sessions at once, and the portal shares them with the people who
work in 1C. ONEC_MAX_CONNECTIONS bounds one process, but every web process, worker process and
node has its own; this counts them all in one place: Redis when REDIS_URL is set (every node
shares it already), else the database (the table onec_session_slot). While Redis cannot be
reached the count goes on in the database, as the cache does (apps/core/cache.py), so a Redis
outage does not stop the pages that ask 1C; for the length of one call at the switch, the calls
counted in each may together pass the cap.

A holder's lease outlasts its call (the call's timeout plus LEASE_MARGIN_SECONDS), so a process
killed in the middle of a call frees its slot when the lease ends, while a call that ends frees
it at once. A caller that finds every slot held polls with a short backoff until its own
deadline, then fails as UNAVAILABLE, like a 1C that is down, so jobs retry. A database that
fails the count fails the call the same way: the cap is what keeps 1C's own users working.

Leases are read on each process's wall clock: nodes keep their clocks in step (NTP), and a skew
below the margin does no harm.
"""

import logging
import os
import random
import socket
import threading
import time
import uuid
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import redis
from django.conf import settings
from django.db import DatabaseError
from django.utils import timezone

from apps.onec.client import OneCError, OneCErrorKind
from apps.onec.http import Deadline
from apps.onec.models import OneCSessionSlot

logger = logging.getLogger("apps.onec")
UNAVAILABLE = OneCErrorKind.UNAVAILABLE
# Beyond the call's own timeout: converting a large answer, a clock a little ahead on another node.
LEASE_MARGIN_SECONDS = 30.0
FIRST_PAUSE, LONGEST_PAUSE = 0.01, 0.05  # seconds between attempts while every slot is held
FREE = datetime(2000, 1, 1, tzinfo=UTC)  # a released slot's lease: ended on every node's clock
REDIS_KEY = "onec:sessions"
REDIS_RETRY_AFTER_SECONDS = 5.0  # after Redis failed, the database counts alone this long


def _holder() -> str:
    """Unique to one holding, and tells staff reading the table or the set which process it is."""
    return f"{socket.gethostname()[:50]}:{os.getpid()}:{uuid.uuid4().hex[:16]}"


class SessionSlots(ABC):
    def __init__(self, limit: int):
        self.limit = limit

    @abstractmethod
    def try_acquire(self, lease: float) -> str | None:
        """One attempt: a token for the slot taken for `lease` seconds, or None if all are held."""

    @abstractmethod
    def release(self, token: str) -> None:
        """Free the slot now; nothing if its lease ended and another caller has taken it since."""

    @contextmanager
    def hold(self, deadline: Deadline) -> Iterator[None]:
        token = self._wait(deadline)
        try:
            yield
        finally:
            try:
                self.release(token)
            except (redis.RedisError, DatabaseError) as error:
                # The call is done; its lease frees the slot a little later.
                logger.warning("1C session slot not released (its lease will end): %s", error)

    def _wait(self, deadline: Deadline) -> str:
        pause = FIRST_PAUSE
        while True:
            token = self.try_acquire(deadline.seconds + LEASE_MARGIN_SECONDS)
            if token is not None:
                return token
            left = deadline.remaining()
            if left == 0:
                raise OneCError(
                    UNAVAILABLE,
                    f"all {self.limit} sessions of 1C the portal may hold (ONEC_MAX_SESSIONS) "
                    f"stayed busy for {deadline.seconds:g} s",
                )
            time.sleep(min(random.uniform(pause / 2, pause), left))  # noqa: S311  (jitter, not a secret)
            pause = min(pause * 2, LONGEST_PAUSE)


class DatabaseSlots(SessionSlots):
    """A row per slot; taking one is a conditional UPDATE of a row whose lease has ended, which
    changes exactly one row for exactly one caller (on SQLite and PostgreSQL alike).

    Calls to 1C are never made inside a transaction (they can last minutes), so each claim and
    release commits at once and other processes see it.
    """

    def try_acquire(self, lease: float) -> str | None:
        try:
            return self._claim(lease)
        except DatabaseError as error:
            raise OneCError(UNAVAILABLE, f"the count of 1C sessions (database) failed: {error}") from error

    def _claim(self, lease: float) -> str | None:
        now = timezone.now()
        slots = dict(OneCSessionSlot.objects.filter(number__lt=self.limit).values_list("number", "lease_until"))
        if len(slots) < self.limit:  # first use, or ONEC_MAX_SESSIONS raised
            missing = [OneCSessionSlot(number=n, lease_until=FREE) for n in range(self.limit) if n not in slots]
            OneCSessionSlot.objects.bulk_create(missing, ignore_conflicts=True)
            slots.update({slot.number: FREE for slot in missing})
        free = [number for number, until in slots.items() if until <= now]
        random.shuffle(free)  # callers arriving together try different rows
        holder = _holder()
        for number in free:
            taken = OneCSessionSlot.objects.filter(number=number, lease_until__lte=now).update(
                holder=holder, lease_until=now + timedelta(seconds=lease)
            )
            if taken == 1:
                return f"{number} {holder}"
        return None

    def release(self, token: str) -> None:
        number, holder = token.split(" ", 1)
        OneCSessionSlot.objects.filter(number=int(number), holder=holder).update(holder="", lease_until=FREE)


# Drop the holders whose lease has ended, then take a place if fewer than the limit remain: one
# script, so no other caller comes between the count and the taking.
_ACQUIRE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[2], ARGV[4])
return 1
"""


class RedisSlots(SessionSlots):
    """A sorted set of holders, each scored by the moment its lease ends; the database's slots
    while Redis fails (their tokens start with "db ")."""

    def __init__(self, limit: int, url: str, key: str = REDIS_KEY):
        super().__init__(limit)
        self.key = key
        # Short, so a Redis that hangs costs a call a second or two, not its whole deadline.
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=1)
        self._acquire = self._redis.register_script(_ACQUIRE)
        self._database = DatabaseSlots(limit)
        self._redis_failed_at = -REDIS_RETRY_AFTER_SECONDS

    def try_acquire(self, lease: float) -> str | None:
        if time.monotonic() - self._redis_failed_at < REDIS_RETRY_AFTER_SECONDS:
            return self._acquire_in_database(lease)
        holder, now = _holder(), time.time()
        try:
            taken = self._acquire(keys=[self.key], args=[now, now + lease, self.limit, holder])
        except redis.RedisError as error:
            self._redis_failed_at = time.monotonic()
            logger.warning("1C sessions are counted in the database for now: Redis failed: %s", error)
            return self._acquire_in_database(lease)
        return holder if taken == 1 else None

    def _acquire_in_database(self, lease: float) -> str | None:
        token = self._database.try_acquire(lease)
        return None if token is None else f"db {token}"

    def release(self, token: str) -> None:
        if token.startswith("db "):
            self._database.release(token.removeprefix("db "))
        else:
            self._redis.zrem(self.key, token)


_built: dict[tuple, SessionSlots] = {}
_lock = threading.Lock()


def session_slots() -> SessionSlots:
    """The portal's slots as the settings say: one per process (and configuration), shared by
    every thread, so Redis's connections are pooled."""
    key = (settings.REDIS_URL, settings.ONEC_MAX_SESSIONS)
    slots = _built.get(key)
    if slots is None:
        with _lock:
            slots = _built.get(key)
            if slots is None:
                url, limit = key
                slots = _built[key] = RedisSlots(limit, url) if url else DatabaseSlots(limit)
    return slots
