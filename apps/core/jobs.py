"""Claiming, finishing, retrying and recovering `Job` rows (see apps.core.models.Job).

Every transition is a conditional UPDATE that must change exactly one row, so two workers
running the same task (at-least-once delivery) can never both act on a job.
"""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.db.models import F, Model, Q
from django.utils import timezone

from apps.core.metrics import job_outcome_count

QUEUED = "queued"
RUNNING = "running"
RETRYING = "retrying"
UNAVAILABLE = "unavailable"
FAILED = "failed"
ACTIVE = (QUEUED, RUNNING, RETRYING)

# Attempts that crashed or were killed before the job gives up as failed.
MAX_ATTEMPTS = 5


def backoff(attempt: int) -> timedelta:
    """30 s, 1, 2, 4, 8 min … capped at 15 min between attempts against a sleeping 1C."""
    return timedelta(seconds=min(30 * 2 ** max(attempt - 1, 0), 15 * 60))


def job_claim(model: type[Model], job_id: int) -> Model | None:
    """Start an attempt on a due job; None if it is running elsewhere, finished or not due."""
    now = timezone.now()
    claimed = (
        model.objects.filter(id=job_id, status__in=[QUEUED, RETRYING])
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(status=RUNNING, claimed_at=now, heartbeat_at=now, attempts=F("attempts") + 1)
    )
    return model.objects.get(id=job_id) if claimed == 1 else None


def _current(job: Model):
    """Only the attempt that claimed the job may move it on (fencing against a stale twin)."""
    return type(job).objects.filter(id=job.id, status=RUNNING, claimed_at=job.claimed_at)


def job_heartbeat(job: Model, **fields) -> bool:
    return _current(job).update(heartbeat_at=timezone.now(), **fields) == 1


def job_finish(job: Model, status: str, **fields) -> bool:
    """Move the job to a final status. False if this attempt no longer owns it."""
    now = timezone.now()
    done = _current(job).update(status=status, finished_at=now, heartbeat_at=now, next_attempt_at=None, **fields)
    if done:
        job_outcome_count(type(job), status)
        job.status = status
        for name, value in fields.items():
            setattr(job, name, value)
    return done == 1


def job_park(job: Model, status: str, **fields) -> bool:
    """Move a running job to a non-final waiting status (e.g. a staff review queue)."""
    parked = _current(job).update(status=status, heartbeat_at=timezone.now(), **fields) == 1
    if parked:
        job_outcome_count(type(job), status)
    return parked


def job_retry_later(job: Model, error: str, *, window: timedelta) -> str:
    """After a 1C outage: retry with backoff until `window` has passed since the first failure.

    Returns the status the job moved to (RETRYING, or UNAVAILABLE once the window is over).
    """
    now = timezone.now()
    first = job.first_failure_at or now
    if now - first >= window:
        job_finish(job, UNAVAILABLE, last_error=error, first_failure_at=first)
        return UNAVAILABLE
    retrying = _current(job).update(
        status=RETRYING,
        last_error=error,
        first_failure_at=first,
        next_attempt_at=now + backoff(job.attempts),
        heartbeat_at=now,
    )
    job_outcome_count(type(job), RETRYING, retrying)
    return RETRYING


def job_crashed(job: Model, error: str) -> str:
    """An unexpected exception: try again shortly, or fail for good after MAX_ATTEMPTS."""
    if job.attempts >= MAX_ATTEMPTS:
        job_finish(job, FAILED, last_error=error)
        return FAILED
    retrying = _current(job).update(
        status=RETRYING, last_error=error, next_attempt_at=timezone.now() + backoff(job.attempts)
    )
    job_outcome_count(type(job), RETRYING, retrying)
    return RETRYING


def jobs_sweep(model: type[Model], queue: Callable[[int], None]) -> dict[str, int]:
    """The watchdog: recover jobs whose worker died, and queue every job that is due.

    Queuing a job that is already queued is harmless (the claim lets one run through); a job
    that is due but whose task was lost with a Redis worker is picked up here.
    """
    now = timezone.now()
    # A heartbeat this old means the worker is gone (kill -9, OOM, a deploy).
    stale_after = timedelta(seconds=settings.JOB_STALE_SECONDS)
    stale = model.objects.filter(status=RUNNING, heartbeat_at__lt=now - stale_after)
    failed = stale.filter(attempts__gte=MAX_ATTEMPTS).update(
        status=FAILED, finished_at=now, last_error="worker stopped responding"
    )
    revived = stale.update(status=RETRYING, next_attempt_at=now, last_error="worker stopped responding")
    job_outcome_count(model, FAILED, failed)
    job_outcome_count(model, RETRYING, revived)
    due = model.objects.filter(status__in=[QUEUED, RETRYING]).filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    # A job queued seconds ago is normally picked up by its own task; leave it alone.
    due = due.exclude(status=QUEUED, created_at__gt=now - timedelta(minutes=1))
    ids = list(due.values_list("id", flat=True)[:500])
    for job_id in ids:
        queue(job_id)
    return {"failed": failed, "revived": revived, "queued": len(ids)}
