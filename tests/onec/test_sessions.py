"""The shared count of 1C sessions (apps/onec/sessions.py), on both of its stores: the database
(SQLite here, PostgreSQL in CI's second run) and a Redis of the test's own.

Transactional: the holders are threads with connections of their own, as processes would be,
and must see each other's claims committed.
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from apps.onec.client import OneCError, OneCErrorKind
from apps.onec.http import Deadline
from apps.onec.models import OneCSessionSlot
from apps.onec.sessions import DatabaseSlots, RedisSlots, SessionSlots
from tests.servers import RedisServer

pytestmark = pytest.mark.django_db(transaction=True)
LEASE = 60.0


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory):
    with RedisServer(tmp_path_factory.mktemp("redis")) as server:
        yield server


@pytest.fixture(params=["database", "redis"])
def make_slots(request):
    """Builds the store's slots with a limit; each call is another process's view of one count."""
    if request.param == "database":
        return DatabaseSlots
    url, key = request.getfixturevalue("redis_server").url, f"test:{uuid.uuid4().hex}"
    return lambda limit: RedisSlots(limit, url, key=key)


def _later(seconds: float):
    """The wall clock moved on, as it would while a dead holder's lease runs out."""
    return time_machine.travel(datetime.now(UTC) + timedelta(seconds=seconds), tick=True)


def _own_connection(function):
    def run(*args):
        try:
            return function(*args)
        finally:
            connection.close()  # this thread's; the test's flush must not wait for it

    return run


def test_never_more_than_the_limit_hold_a_slot_at_once(make_slots):
    processes = [make_slots(3) for _ in range(4)]
    holding, most, lock = 0, 0, threading.Lock()

    @_own_connection
    def call(number: int) -> None:
        nonlocal holding, most
        with processes[number % 4].hold(Deadline(30)):
            with lock:
                holding += 1
                most = max(most, holding)
            time.sleep(0.02)
            with lock:
                holding -= 1

    with ThreadPoolExecutor(max_workers=12) as pool:
        list(pool.map(call, range(60)))
    assert most == 3


def test_a_released_slot_is_free_at_once(make_slots):
    slots = make_slots(1)
    with slots.hold(Deadline(5)):
        assert slots.try_acquire(LEASE) is None
    assert slots.try_acquire(LEASE) is not None


def test_a_holder_that_died_loses_its_slot_when_its_lease_ends(make_slots):
    slots = make_slots(1)
    assert slots.try_acquire(LEASE) is not None  # and never released: its process was killed
    assert make_slots(1).try_acquire(LEASE) is None
    with _later(LEASE - 5):
        assert make_slots(1).try_acquire(LEASE) is None
    with _later(LEASE + 1):
        assert make_slots(1).try_acquire(LEASE) is not None


def test_a_short_lease_ends_on_the_real_clock_too(make_slots):
    slots = make_slots(1)
    assert slots.try_acquire(0.2) is not None
    time.sleep(0.3)
    assert slots.try_acquire(LEASE) is not None


def test_a_late_release_of_a_lost_lease_leaves_the_new_holder_alone(make_slots):
    slots = make_slots(1)
    dead = slots.try_acquire(LEASE)
    with _later(LEASE + 1):
        assert slots.try_acquire(LEASE) is not None
        slots.release(dead)  # the old holder was only slow, and finishes now
        assert slots.try_acquire(LEASE) is None


def test_a_caller_gives_up_at_its_deadline_as_unavailable(make_slots):
    slots = make_slots(1)
    slots.try_acquire(LEASE)
    started = time.monotonic()
    with pytest.raises(OneCError) as caught, slots.hold(Deadline(0.5)):
        pytest.fail("a slot was given beyond the limit")
    waited = time.monotonic() - started
    assert caught.value.kind == OneCErrorKind.UNAVAILABLE
    assert "ONEC_MAX_SESSIONS" in caught.value.message
    assert 0.5 <= waited < 2.5


def test_a_waiting_caller_gets_the_slot_as_soon_as_it_is_released(make_slots):
    slots = make_slots(1)
    token = slots.try_acquire(LEASE)
    threading.Timer(0.3, _own_connection(slots.release), args=(token,)).start()
    started = time.monotonic()
    with slots.hold(Deadline(10)):
        waited = time.monotonic() - started
    assert 0.25 <= waited < 3


def test_the_database_keeps_one_row_a_slot_made_on_first_use():
    slots = DatabaseSlots(3)
    token = slots.try_acquire(LEASE)
    rows = list(OneCSessionSlot.objects.order_by("number"))
    assert [row.number for row in rows] == [0, 1, 2]
    [held] = [row for row in rows if row.holder]
    assert token == f"{held.number} {held.holder}"
    DatabaseSlots(5).try_acquire(LEASE)  # ONEC_MAX_SESSIONS raised: the new rows are made too
    assert OneCSessionSlot.objects.count() == 5


def test_with_redis_gone_the_sessions_are_counted_in_the_database(tmp_path):
    with RedisServer(tmp_path / "redis") as server:
        slots: SessionSlots = RedisSlots(1, server.url, key="test:gone")
        in_redis = slots.try_acquire(LEASE)
        server.stop()
        token = slots.try_acquire(LEASE)
        assert token is not None and token.startswith("db ")  # Redis's holder is not seen meanwhile
        assert slots.try_acquire(LEASE) is None  # but the cap holds in the database
        slots.release(token)
        assert OneCSessionSlot.objects.filter(holder="").count() == 1
        server.start()  # empty, as a restart without persistence leaves it
        slots.release(in_redis)  # nothing to free: no error either
