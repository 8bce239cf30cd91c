"""django-q2's Redis broker, for a Redis that goes away.

Every piece of background work is first a row with a status machine (apps/core/jobs.py, the
outbox): the broker only carries a nudge. So when Redis cannot take a task, the page that
queued it must not fail with it — the row is committed, and the minute's sweep queues it again
once Redis is back (a request never waits for the broker).

Inside the worker cluster django-q2 survives a broker that fails a read (its pusher dies and the
sentinel starts another), but not one that fails the status it writes every guard cycle: the
sentinel itself would die with the whole cluster. That status is for the admin's cluster page
only, so a lost one is skipped.
"""

import logging

from django_q.brokers.redis_broker import Redis

from apps.core.cache import UNREACHABLE

logger = logging.getLogger(__name__)


class ResilientRedis(Redis):
    def enqueue(self, task):
        try:
            return super().enqueue(task)
        except UNREACHABLE as error:
            logger.warning("Redis unreachable (%s): task left to the sweep, its row carries the work", error)
            return None

    def set_stat(self, key: str, value: str, timeout: int):
        try:
            return super().set_stat(key, value, timeout)
        except UNREACHABLE:
            return None
