from datetime import datetime, timedelta

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from apps.clients.models import Client
from apps.core.prepared import PreparedQuery
from apps.questions.models import Question


def questions_for_client(*, client: Client) -> QuerySet[Question]:
    return Question.objects.filter(client=client).order_by("-created_at", "-id")


def questions_recent(*, client: Client) -> list[Question]:
    """The client's five latest questions, for the home page (compiled once: it is on every visit)."""
    return _questions_recent(client.pk)


# Only what the home page shows of a question, as for the acts beside them.
QUESTION_ITEM_FIELDS = ("id", "client_id", "created_at", "status", "text", "answer", "answered_at")
_questions_recent = PreparedQuery(
    Question, lambda client_id: questions_for_client(client=Client(pk=client_id)).only(*QUESTION_ITEM_FIELDS)[:5]
)


def questions_asked_recently(*, client: Client, now: datetime | None = None) -> int:
    since = (now or timezone.now()) - timedelta(hours=1)
    return Question.objects.filter(client=client, created_at__gte=since).count()


def questions_for_staff() -> QuerySet[Question]:
    """New questions first, the oldest of them on top; then answered ones, newest first."""
    return (
        Question.objects.select_related("client", "answered_by")
        .annotate(
            answered_rank=Case(
                When(status=Question.Status.NEW, then=Value(0)), default=Value(1), output_field=IntegerField()
            )
        )
        .order_by("answered_rank", "-created_at")
    )
