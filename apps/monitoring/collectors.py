"""What /metrics reads from the database at each scrape: work waiting, and e-mails not yet sent.

Read from the shared database rather than counted in a process, so any node that is scraped
tells the same truth and a restart loses nothing. Three grouped queries on indexed statuses;
rows that only grow (archives sent, e-mails delivered) are left to the counters' rates.
"""

import logging
from collections.abc import Iterator

from django.db import DatabaseError
from django.db.models import Count, Min, Model
from django.utils import timezone
from prometheus_client.core import GaugeMetricFamily, Metric

from apps.core.jobs import ACTIVE
from apps.core.metrics import job_kind
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail
from apps.reconciliation.models import ReconciliationAct

logger = logging.getLogger(__name__)

# Jobs in work or waiting: for a machine (queued, running, retrying) or for a person (an act in review).
JOBS = ((DocumentRequest, ACTIVE), (ReconciliationAct, (*ACTIVE, ReconciliationAct.Status.IN_REVIEW)))
EMAILS_UNSENT = (OutgoingEmail.Status.PENDING, OutgoingEmail.Status.SENDING, OutgoingEmail.Status.FAILED)


class DatabaseCollector:
    """A prometheus-client collector, given to the registry of one scrape."""

    def collect(self) -> Iterator[Metric]:
        try:
            families = self._families()
        except DatabaseError as error:
            # The process's own counters are still worth a scrape; /healthz reports the database.
            logger.warning("metrics: the database could not be read: %s", error)
            return
        yield from families

    def _families(self) -> list[Metric]:
        now = timezone.now()
        jobs = GaugeMetricFamily(
            "portal_jobs_unfinished",
            "Archive requests and reconciliation acts in work or waiting.",
            labels=["kind", "status"],
        )
        jobs_oldest = GaugeMetricFamily(
            "portal_jobs_unfinished_oldest_seconds",
            "Age of the oldest unfinished job of each kind and status (0: none).",
            labels=["kind", "status"],
        )
        for model, statuses in JOBS:
            for status, (count, oldest) in _by_status(model, statuses).items():
                jobs.add_metric([job_kind(model), status], count)
                jobs_oldest.add_metric([job_kind(model), status], _age(now, oldest))
        emails = GaugeMetricFamily("portal_emails_unsent", "Outbox e-mails not sent yet, by status.", labels=["status"])
        emails_oldest = GaugeMetricFamily(
            "portal_emails_unsent_oldest_seconds",
            "Age of the oldest unsent e-mail of each status (0: none).",
            labels=["status"],
        )
        for status, (count, oldest) in _by_status(OutgoingEmail, EMAILS_UNSENT).items():
            emails.add_metric([status], count)
            emails_oldest.add_metric([status], _age(now, oldest))
        return [jobs, jobs_oldest, emails, emails_oldest]


def _by_status(model: type[Model], statuses) -> dict[str, tuple[int, object]]:
    """Every one of `statuses`, with its count and its oldest row's creation (None when empty)."""
    rows = (
        model.objects.filter(status__in=statuses).values("status").annotate(count=Count("id"), oldest=Min("created_at"))
    )
    found = {row["status"]: (row["count"], row["oldest"]) for row in rows.order_by()}
    # str(): a TextChoices member does not hash as its value does.
    return {str(status): found.get(str(status), (0, None)) for status in statuses}


def _age(now, moment) -> float:
    return max((now - moment).total_seconds(), 0.0) if moment else 0.0
