"""One poll of 1C for new documents, for every client at once.

ListChangedDocuments serves all clients in one call (paged through `Until` while full pages come
back, at most MAX_PAGES): the number of 1C calls does not grow with the number of clients. The
1C calls are made outside any transaction; what they found is written in one transaction that
also moves the cursor, so a poll that dies half-way is repeated, and the unique (client,
document) log makes sure the repeat announces nothing twice.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import batched

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from apps.core.metrics import NOTICE_DIGESTS, NOTICE_POLLS
from apps.mail.batch import outgoing_emails_render_many
from apps.notices.digest import digest_letter
from apps.notices.models import AnnouncedDocument, NoticeCursor, NoticeSubscription
from apps.onec.backend import get_onec_client
from apps.onec.client import CERTIFICATE, CLOSING, DocumentChange, OneCError, OneCErrorKind

logger = logging.getLogger(__name__)

# One call of 1C brings a month-end's changes for thousands of organisations (one line each);
# a poll reads at most MAX_PAGES, the rest waits for the next poll, the cursor says where.
PAGE_SIZE = 20_000
MAX_PAGES = 5
ANNOUNCE_PAGE = 500  # organisations whose digests are written with one set of queries
NOTICE_KINDS = (CLOSING, CERTIFICATE)  # never invoices


@dataclass(frozen=True)
class _Fetched:
    changes: list[DocumentChange]
    until: datetime
    error: OneCError | None  # set only when nothing could be fetched


def notices_poll() -> int:
    """Ask 1C once (a page or a few) what changed, announce it; the number of digests written."""
    cursor = _cursor()
    fetched = _fetch(cursor.since)
    if fetched.error is not None:
        _record_failure(fetched.error)
        return 0
    with transaction.atomic():
        locked = NoticeCursor.objects.select_for_update().get(id=cursor.id)
        if locked.since != cursor.since:
            # Another run of this poll (django-q2 delivers at least once) got here first.
            logger.info("notices poll skipped: the cursor moved from %s to %s", cursor.since, locked.since)
            NOTICE_POLLS.labels(outcome="skipped").inc()
            return 0
        digests = _announce(fetched.changes)
        locked.since = fetched.until
        locked.polls += 1
        locked.last_polled_at = timezone.now()
        locked.last_outcome = NoticeCursor.Outcome.OK
        locked.last_error = ""
        locked.save()
    logger.info("notices poll: %s changes, %s digests, until %s", len(fetched.changes), digests, fetched.until)
    NOTICE_POLLS.labels(outcome="ok").inc()
    NOTICE_DIGESTS.inc(digests)
    return digests


def _cursor() -> NoticeCursor:
    # The first poll starts one interval back rather than at the beginning of time: a client
    # who subscribes hears of new documents, not of its whole history.
    start = timezone.now() - timedelta(minutes=settings.NOTICES_POLL_MINUTES)
    cursor, _ = NoticeCursor.objects.get_or_create(id=1, defaults={"since": start})
    return cursor


def _fetch(since: datetime) -> _Fetched:
    onec = get_onec_client()
    changes: list[DocumentChange] = []
    until = since
    for _ in range(MAX_PAGES):
        try:
            page = onec.list_changed_documents(until, PAGE_SIZE)
        except OneCError as error:
            if not changes:
                return _Fetched([], since, error)
            # Keep the pages already read: the cursor moves to the end of the last one.
            logger.warning("notices poll: 1C failed after %s changes: %s", len(changes), error)
            break
        changes.extend(page.changes)
        until = page.until
        if len(page.changes) < PAGE_SIZE:
            break
    return _Fetched(changes, until, None)


def _record_failure(error: OneCError) -> None:
    outcome = (
        NoticeCursor.Outcome.NOT_SUPPORTED
        if error.kind == OneCErrorKind.NOT_SUPPORTED
        else NoticeCursor.Outcome.UNAVAILABLE
    )
    # Updates of these fields only: `since` stays where it was, whatever another run did.
    cursor = NoticeCursor.objects.filter(id=1)
    cursor.update(last_polled_at=timezone.now(), last_error=str(error)[:2000])
    # An unreachable 1C says nothing about its version: a v1.0 base stays «not supported» (the
    # cabinet says so) until a poll succeeds.
    if outcome == NoticeCursor.Outcome.UNAVAILABLE:
        cursor = cursor.exclude(last_outcome=NoticeCursor.Outcome.NOT_SUPPORTED)
    cursor.update(last_outcome=outcome)
    NOTICE_POLLS.labels(outcome=outcome).inc()
    logger.warning("notices poll: nothing announced, the cursor stays (%s)", error)


def _announce(changes: list[DocumentChange]) -> int:
    """Write each subscribed client's new documents and its one digest; returns the digests.

    Organisations are taken ANNOUNCE_PAGE at a time, each page in the same few queries however
    many documents it holds (the subscriptions, what was announced before, the e-mails, the log):
    a month-end's poll for thousands of organisations costs pages, not organisations.
    """
    by_inn: dict[str, list[DocumentChange]] = {}
    for change in {change.document.id: change for change in changes if change.kind in NOTICE_KINDS}.values():
        by_inn.setdefault(change.inn, []).append(change)
    return sum(_announce_page({inn: by_inn[inn] for inn in page}) for page in batched(sorted(by_inn), ANNOUNCE_PAGE))


def _announce_page(by_inn: dict[str, list[DocumentChange]]) -> int:
    subscriptions = NoticeSubscription.objects.select_related("client").filter(
        client__inn__in=list(by_inn), client__is_active=True
    )
    wanted = {
        subscription: [change for change in by_inn[subscription.client.inn] if change.kind in subscription.kinds]
        for subscription in subscriptions
        if subscription.kinds
    }
    announced = set(
        AnnouncedDocument.objects.filter(
            client__in=[subscription.client_id for subscription in wanted],
            document_id__in=[change.document.id for found in wanted.values() for change in found],
        ).values_list("client_id", "document_id")
    )
    new = {
        subscription: sorted(fresh, key=lambda change: (NOTICE_KINDS.index(change.kind), change.document.date))
        for subscription, found in wanted.items()
        if (fresh := [change for change in found if (subscription.client_id, change.document.id) not in announced])
    }
    if not new:
        return 0
    letters = {
        subscription: digest_letter(subscription=subscription, changes=found) for subscription, found in new.items()
    }
    emails = outgoing_emails_render_many(letters.values())
    AnnouncedDocument.objects.bulk_create(
        _logged(subscription, change, emails[letters[subscription].key])
        for subscription, found in new.items()
        for change in found
    )
    return len(new)


def _logged(subscription: NoticeSubscription, change: DocumentChange, email) -> AnnouncedDocument:
    return AnnouncedDocument(
        client_id=subscription.client_id,
        document_id=change.document.id,
        kind=change.kind,
        type=change.document.type[:255],
        number=change.document.number[:100],
        date=change.document.date,
        amount=change.document.amount,
        changed=change.changed,
        email=email,
    )
