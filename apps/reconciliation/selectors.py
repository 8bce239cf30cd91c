from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from apps.clients.models import Client
from apps.reconciliation.models import ReconciliationAct


def acts_for_client(*, client: Client) -> QuerySet[ReconciliationAct]:
    return ReconciliationAct.objects.filter(client=client).order_by("-created_at", "-id")


def act_for_client(*, client: Client, act_id: int) -> ReconciliationAct | None:
    """One of the client's own acts; None for anyone else's, so a guessed id shows nothing."""
    return acts_for_client(client=client).filter(id=act_id).first()


def acts_ordered_recently(*, client: Client, now: datetime | None = None) -> int:
    since = (now or timezone.now()) - timedelta(hours=1)
    return ReconciliationAct.objects.filter(client=client, created_at__gte=since).count()


def acts_waiting_review() -> QuerySet[ReconciliationAct]:
    """The review queue, oldest first: the act that has waited longest is checked next."""
    return (
        ReconciliationAct.objects.filter(status=ReconciliationAct.Status.IN_REVIEW)
        .select_related("client")
        .order_by("review_started_at", "id")
    )


def act_is_overdue(*, act: ReconciliationAct, now: datetime | None = None) -> bool:
    if act.status != ReconciliationAct.Status.IN_REVIEW or act.review_started_at is None:
        return False
    waited = (now or timezone.now()) - act.review_started_at
    return waited > timedelta(hours=settings.ACT_REVIEW_OVERDUE_HOURS)
