"""Reads of claims: a client's own (never by an id alone), and the staff queue with its deadlines."""

from datetime import datetime, timedelta

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from apps.claims.models import Claim, ClaimFile
from apps.clients.models import Client

# The promise staff keep, as the acts' ACT_REVIEW_OVERDUE_HOURS: a new claim is taken into work
# within a day, and decided within ten days of filing. A claim past either is highlighted in the
# queue, on its page and on the workspace.
TAKE_WITHIN = timedelta(hours=24)
DECIDE_WITHIN = timedelta(days=10)


def claims_for_client(*, client: Client) -> QuerySet[Claim]:
    return Claim.objects.filter(client=client).order_by("-filed_at", "-id")


def claim_for_client(*, client: Client, claim_id: int) -> Claim | None:
    """One of the client's own claims with its lines and files; None for anyone else's."""
    return claims_for_client(client=client).filter(id=claim_id).prefetch_related("lines", "files").first()


def claim_file_for_client(*, client: Client, claim_id: int, file_id: int) -> ClaimFile | None:
    """A file of one of the client's own claims; None for anyone else's."""
    return ClaimFile.objects.filter(id=file_id, claim_id=claim_id, claim__client=client).first()


def claim_file_for_claim(*, claim: Claim, file_id: str) -> ClaimFile | None:
    """A file of this claim (for staff, who reached the claim through its admin)."""
    if not (file_id.isascii() and file_id.isdigit()):
        return None  # not an id: nothing, rather than a ValueError
    return claim.files.filter(id=int(file_id)).first()


def claims_open() -> QuerySet[Claim]:
    """The staff queue: claims without a decision, the longest-waiting first."""
    return (
        Claim.objects.filter(status__in=[Claim.Status.NEW, Claim.Status.IN_WORK])
        .select_related("client", "taken_by")
        .order_by("filed_at", "id")
    )


def _overdue(now: datetime) -> Q:
    return Q(status=Claim.Status.NEW, filed_at__lt=now - TAKE_WITHIN) | Q(
        status=Claim.Status.IN_WORK, filed_at__lt=now - DECIDE_WITHIN
    )


def claim_due_at(*, claim: Claim) -> datetime | None:
    """When the claim's current step should be done; None once it is decided."""
    if claim.status == Claim.Status.NEW:
        return claim.filed_at + TAKE_WITHIN
    if claim.status == Claim.Status.IN_WORK:
        return claim.filed_at + DECIDE_WITHIN
    return None


def claim_is_overdue(*, claim: Claim, now: datetime | None = None) -> bool:
    due = claim_due_at(claim=claim)
    return due is not None and due < (now or timezone.now())


def claims_open_summary(*, now: datetime) -> dict:
    """The queue in one query: how many claims wait, how many too long, since when the first."""
    return Claim.objects.filter(status__in=[Claim.Status.NEW, Claim.Status.IN_WORK]).aggregate(
        waiting=Count("id"),
        new=Count("id", filter=Q(status=Claim.Status.NEW)),
        overdue=Count("id", filter=_overdue(now)),
        oldest=Min("filed_at"),
    )
