"""The queue's depth and age on /metrics are read from the database at each scrape: right on
whichever node is scraped, and after a restart."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import DatabaseError

from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail
from apps.monitoring import collectors
from apps.reconciliation.models import ReconciliationAct
from tests.monitoring.helpers import scrape, value

pytestmark = pytest.mark.django_db

START = datetime(2030, 3, 4, 7, 0, tzinfo=UTC)


def _request(client_org, status: str) -> DocumentRequest:
    return DocumentRequest.objects.create(
        client=client_org, kind="Invoice", date_from=date(2030, 1, 1), date_to=date(2030, 1, 31),
        email="buh@profkeramika.example", status=status,
    )  # fmt: skip


def _email(n: int, status: str) -> OutgoingEmail:
    return OutgoingEmail.objects.create(
        key=f"test.gauge.{n}", to="a@example.com", subject="Тема", body_text="Текст", message_id=f"<g{n}@example>",
        status=status,
    )  # fmt: skip


def test_the_queue_depth_counts_unfinished_rows_by_kind_and_status(client, client_org):
    for status in ("queued", "queued", "running", "retrying", "sent", "empty", "failed"):
        _request(client_org, status)
    ReconciliationAct.objects.create(
        client=client_org, date_from=date(2030, 1, 1), date_to=date(2030, 3, 31), email="a@example.com",
        status="in_review",
    )  # fmt: skip
    for n, status in enumerate(("pending", "pending", "sending", "failed", "sent", "cancelled")):
        _email(n, status)

    samples = scrape(client)

    archives = {
        s: value(samples, "portal_jobs_unfinished", kind="archive", status=s) for s in ("queued", "running", "retrying")
    }
    assert archives == {"queued": 2, "running": 1, "retrying": 1}
    assert value(samples, "portal_jobs_unfinished", kind="act", status="in_review") == 1
    assert value(samples, "portal_jobs_unfinished", kind="act", status="queued") == 0  # present, and nought
    assert ("portal_jobs_unfinished", frozenset({"kind": "act", "status": "queued"}.items())) in samples
    emails = {s: value(samples, "portal_emails_unsent", status=s) for s in ("pending", "sending", "failed")}
    assert emails == {"pending": 2, "sending": 1, "failed": 1}
    assert not [key for key in samples if key[0].startswith("portal_") and ("status", "sent") in key[1]]


def test_the_oldest_waiting_row_gives_the_queues_age(client, client_org):
    with time_machine.travel(START, tick=False):
        _request(client_org, "queued")
        _email(1, "pending")
    with time_machine.travel(START + timedelta(minutes=10), tick=False):
        _request(client_org, "queued")
        _email(2, "pending")
    with time_machine.travel(START + timedelta(minutes=25), tick=False):
        samples = scrape(client)

    assert value(samples, "portal_jobs_unfinished_oldest_seconds", kind="archive", status="queued") == 25 * 60
    assert value(samples, "portal_emails_unsent_oldest_seconds", status="pending") == 25 * 60
    assert value(samples, "portal_jobs_unfinished_oldest_seconds", kind="archive", status="retrying") == 0


def test_a_database_that_cannot_be_read_leaves_the_processes_counters(client, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("the database is gone")

    monkeypatch.setattr(collectors, "_by_status", broken)
    samples = scrape(client)
    assert ("portal_logins_total", frozenset()) in samples
    assert not [key for key in samples if key[0].startswith("portal_jobs_unfinished")]
