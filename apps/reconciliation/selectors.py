from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from apps.clients.models import Client
from apps.core.prepared import PreparedQuery
from apps.reconciliation.models import ReconciliationAct, ReconciliationActAnswer, ReconciliationActResolution


def acts_for_client(*, client: Client) -> QuerySet[ReconciliationAct]:
    return ReconciliationAct.objects.filter(client=client).order_by("-created_at", "-id")


def acts_recent(*, client: Client) -> list[ReconciliationAct]:
    """The client's five latest acts, for the home page (compiled once: it is on every visit)."""
    return _acts_recent(client.pk)


# Only the columns the home page's table shows (an act row has some twenty): they are read,
# turned into Python values and named in the table's cache key on every visit.
ACT_TABLE_FIELDS = (
    "id",
    "client_id",
    "created_at",
    "date_from",
    "date_to",
    "email",
    "status",
    "client_answer",
    "signed_copy_at",
    "reject_reason",
)
_acts_recent = PreparedQuery(
    ReconciliationAct, lambda client_id: acts_for_client(client=Client(pk=client_id)).only(*ACT_TABLE_FIELDS)[:5]
)


def _disputed(queryset: QuerySet[ReconciliationAct]) -> QuerySet[ReconciliationAct]:
    return queryset.filter(status=ReconciliationAct.Status.SENT, client_answer=ReconciliationAct.Answer.DISPUTED)


def acts_disputed_for_client(*, client: Client) -> list[ReconciliationAct]:
    """The client's acts with a dispute staff have not answered yet, for the home page (any age:
    an old act's dispute must not drop out of sight behind newer orders)."""
    return _acts_disputed(client.pk)


_acts_disputed = PreparedQuery(
    ReconciliationAct,
    lambda client_id: (
        _disputed(ReconciliationAct.objects.filter(client_id=client_id))
        .order_by("dispute_opened_at", "id")
        .only("id", "client_id", "date_from", "date_to", "dispute_opened_at")[:20]
    ),
)


def acts_disputed_open() -> QuerySet[ReconciliationAct]:
    """The staff queue of open disputes, oldest first: the one waiting longest is answered next."""
    return _disputed(ReconciliationAct.objects.all()).select_related("client").order_by("dispute_opened_at", "id")


def act_for_client(*, client: Client, act_id: int) -> ReconciliationAct | None:
    """One of the client's own acts; None for anyone else's, so a guessed id shows nothing."""
    return acts_for_client(client=client).filter(id=act_id).first()


def act_answers(*, act: ReconciliationAct) -> QuerySet[ReconciliationActAnswer]:
    """The client's answers to one act, oldest first: the conversation as it happened."""
    return act.answers.select_related("created_by").order_by("created_at", "id")


def act_conversation(*, act: ReconciliationAct) -> list[ReconciliationActAnswer | ReconciliationActResolution]:
    """The client's answers and staff's answers to its disputes, oldest first, in one list."""
    resolutions = act.resolutions.select_related("created_by").order_by("created_at", "id")
    return sorted([*act_answers(act=act), *resolutions], key=lambda item: item.created_at)


def act_sent_for_client(*, client: Client, act_id: int) -> ReconciliationAct | None:
    """One of the client's own acts that was sent with its PDF; None for anything else."""
    return (
        acts_for_client(client=client)
        .filter(id=act_id, status=ReconciliationAct.Status.SENT)
        .exclude(file_path="")
        .first()
    )


def act_answer_file_for_client(*, client: Client, act_id: int, answer_id: int) -> ReconciliationActAnswer | None:
    """A file the client sent with an answer to one of its own acts; None for anyone else's."""
    return (
        ReconciliationActAnswer.objects.filter(id=answer_id, act_id=act_id, act__client=client)
        .exclude(file_path="")
        .first()
    )


def act_answer_file_for_act(*, act: ReconciliationAct, answer_id: str) -> ReconciliationActAnswer | None:
    """A file answering this act (for staff, who reached the act through its admin)."""
    if not (answer_id.isascii() and answer_id.isdigit()):
        return None  # not an id: nothing, rather than a ValueError
    return act.answers.filter(id=int(answer_id)).exclude(file_path="").first()


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


def _overdue_before(now: datetime) -> datetime:
    """An act that entered review before this moment has waited too long (ACT_REVIEW_OVERDUE_HOURS)."""
    return now - timedelta(hours=settings.ACT_REVIEW_OVERDUE_HOURS)


def act_is_overdue(*, act: ReconciliationAct, now: datetime | None = None) -> bool:
    if act.status != ReconciliationAct.Status.IN_REVIEW or act.review_started_at is None:
        return False
    return act.review_started_at < _overdue_before(now or timezone.now())


def acts_review_summary(*, now: datetime) -> dict:
    """The review queue in one query: how many acts wait, how many too long, since when the first."""
    return ReconciliationAct.objects.filter(status=ReconciliationAct.Status.IN_REVIEW).aggregate(
        waiting=Count("id"),
        overdue=Count("id", filter=Q(review_started_at__lt=_overdue_before(now))),
        oldest=Min("review_started_at"),
    )
