"""The checks behind /healthz: the database, the broker and the workers' heartbeat.

Each check is one cheap round trip, so a load balancer may call /healthz every second.
"""

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.utils import timezone

from apps.core.models import Heartbeat

# The heartbeat task runs every minute; three missed beats mean no worker is taking tasks.
HEARTBEAT_STALE = timedelta(minutes=3)


def heartbeat_record(*, cluster: str) -> None:
    Heartbeat.objects.update_or_create(cluster=cluster, defaults={"seen_at": timezone.now()})


def worker_clusters() -> list[str]:
    """Every django-q2 cluster that must be running: the main one, and the mail one."""
    return [settings.Q_CLUSTER["name"], settings.MAIL_CLUSTER]


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    if not settings.REDIS_URL:
        return "ok"  # the ORM broker is the database, checked above
    _broker().ping()
    return "ok"


@functools.cache
def _broker():
    # One per process: django-q2 builds a new Redis connection pool with each broker, and a load
    # balancer asks every second.
    from django_q.brokers import get_broker

    return get_broker()


@dataclass(frozen=True)
class WorkerBeat:
    cluster: str
    seen_at: datetime | None
    age_seconds: int | None
    ok: bool


def worker_beats(*, now: datetime) -> list[WorkerBeat]:
    """Each cluster that must run, with its last heartbeat: one query (/healthz, the workspace)."""
    beats = dict(Heartbeat.objects.values_list("cluster", "seen_at"))
    result = []
    for cluster in worker_clusters():
        seen_at = beats.get(cluster)
        age = round((now - seen_at).total_seconds()) if seen_at else None
        result.append(WorkerBeat(cluster, seen_at, age, seen_at is not None and now - seen_at < HEARTBEAT_STALE))
    return result


def check_workers() -> dict:
    return {
        beat.cluster: {"ok": beat.ok, "last_seen_seconds_ago": beat.age_seconds}
        for beat in worker_beats(now=timezone.now())
    }
