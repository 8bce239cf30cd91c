"""The staff workspace: the admin's front page (unfold's DASHBOARD_CALLBACK).

Each tile is one cheap query (a count with filters, or one GROUP BY), so the page costs the
same with ten acts or a hundred thousand requests. A tile is shown only to staff who may open
the list it links to. 1C's tile reads the last known state of real calls, never pings 1C.
"""

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Min, Model, Q
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.claims.models import ClaimOpen
from apps.claims.selectors import DECIDE_WITHIN, TAKE_WITHIN, claims_open_summary
from apps.core.health import worker_beats
from apps.core.models import Heartbeat
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail
from apps.onec.status import onec_status_get
from apps.questions.models import Question
from apps.reconciliation.models import ActInReview
from apps.reconciliation.selectors import acts_review_summary

CHART_DAYS = 14
# Which apps come first in the list under the tiles: the work, then clients, then the machinery.
APP_ORDER = [
    "reconciliation",
    "claims",
    "questions",
    "documents",
    "mail",
    "clients",
    "core",
    "auth",
    "django_q",
    "axes",
]

_REQUEST_COLOURS = {
    DocumentRequest.Status.SENT: "success",
    DocumentRequest.Status.EMPTY: "info",
    DocumentRequest.Status.QUEUED: "info",
    DocumentRequest.Status.RUNNING: "info",
    DocumentRequest.Status.RETRYING: "warning",
}


@dataclass(frozen=True)
class ActsTile:
    waiting: int
    overdue: int
    oldest_since: datetime | None


@dataclass(frozen=True)
class ClaimsTile:
    waiting: int  # without a decision: new and in work
    new: int  # not yet taken into work
    overdue: int  # past their step's deadline (apps/claims/selectors.py)
    oldest_since: datetime | None
    take_hours: int = int(TAKE_WITHIN.total_seconds() // 3600)
    decide_days: int = DECIDE_WITHIN.days


@dataclass(frozen=True)
class QuestionsTile:
    new: int
    oldest_since: datetime | None


@dataclass(frozen=True)
class EmailsTile:
    failed: int
    retrying: int


@dataclass(frozen=True)
class OneCTile:
    state: str
    last_ok_at: datetime | None
    last_error_at: datetime | None
    last_error: str


def acts_tile(*, now: datetime) -> ActsTile:
    row = acts_review_summary(now=now)
    return ActsTile(waiting=row["waiting"], overdue=row["overdue"], oldest_since=row["oldest"])


def claims_tile(*, now: datetime) -> ClaimsTile:
    row = claims_open_summary(now=now)
    return ClaimsTile(waiting=row["waiting"], new=row["new"], overdue=row["overdue"], oldest_since=row["oldest"])


def questions_tile() -> QuestionsTile:
    row = Question.objects.filter(status=Question.Status.NEW).aggregate(new=Count("id"), oldest=Min("created_at"))
    return QuestionsTile(new=row["new"], oldest_since=row["oldest"])


def requests_today(*, now: datetime) -> dict[str, int]:
    """Today's (local day's) archive requests counted by status."""
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        DocumentRequest.objects.filter(created_at__gte=start).order_by().values_list("status").annotate(n=Count("id"))
    )
    return dict(rows)


def emails_tile() -> EmailsTile:
    row = OutgoingEmail.objects.filter(
        status__in=[OutgoingEmail.Status.FAILED, OutgoingEmail.Status.PENDING]
    ).aggregate(
        failed=Count("id", filter=Q(status=OutgoingEmail.Status.FAILED)),
        # Pending after a failed attempt: SMTP refused it and the sweep will try again.
        retrying=Count("id", filter=Q(status=OutgoingEmail.Status.PENDING, attempts__gt=0)),
    )
    return EmailsTile(failed=row["failed"], retrying=row["retrying"])


def onec_tile() -> OneCTile:
    status = onec_status_get()
    return OneCTile(
        state=status.state,
        last_ok_at=_from_unix(status.last_ok_at),
        last_error_at=_from_unix(status.last_error_at),
        last_error=status.last_error,
    )


def workers_tile(*, now: datetime) -> list[dict]:
    return [{"cluster": b.cluster, "seen_at": b.seen_at, "ok": b.ok} for b in worker_beats(now=now)]


def requests_per_day(*, now: datetime, days: int = CHART_DAYS) -> list[tuple[datetime, int]]:
    """(local day, requests made that day) for the last `days` days, today included, gaps as 0."""
    today = timezone.localdate(now)
    first = today - timedelta(days=days - 1)
    start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=days - 1)
    counted = dict(
        DocumentRequest.objects.filter(created_at__gte=start)
        .order_by()
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
    )
    return [(first + timedelta(days=i), counted.get(first + timedelta(days=i), 0)) for i in range(days)]


def _from_unix(value: float | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, tz=UTC)


def _can_view(request: HttpRequest, model: type[Model]) -> bool:
    model_admin = admin.site.get_model_admin(model)
    return model_admin.has_view_permission(request)


def _requests_breakdown(counts: dict[str, int]) -> list[dict]:
    return [
        {
            "label": label,
            "count": counts[value],
            "text": f"{label}: {counts[value]}",
            "variant": _REQUEST_COLOURS.get(value, "danger"),
        }
        for value, label in DocumentRequest.Status.choices
        if counts.get(value)
    ]


def _chart(per_day: list[tuple[datetime, int]]) -> str:
    return json.dumps(
        {
            "labels": [date_format(day, "j E") for day, _n in per_day],
            "datasets": [
                {
                    "label": _("Запросов документов"),
                    "data": [n for _day, n in per_day],
                    "backgroundColor": "var(--color-primary-600)",
                }
            ],
        },
        ensure_ascii=False,
    )


def dashboard_callback(request: HttpRequest, context: dict) -> dict:
    now = timezone.now()
    workspace: dict = {}
    if _can_view(request, ActInReview):
        workspace["acts"] = acts_tile(now=now)
    if _can_view(request, ClaimOpen):
        workspace["claims"] = claims_tile(now=now)
    if _can_view(request, Question):
        workspace["questions"] = questions_tile()
    if _can_view(request, DocumentRequest):
        counts = requests_today(now=now)
        workspace["requests"] = {"total": sum(counts.values()), "by_status": _requests_breakdown(counts)}
        workspace["chart"] = _chart(requests_per_day(now=now))
    if _can_view(request, OutgoingEmail):
        workspace["emails"] = emails_tile()
    workspace["onec"] = onec_tile()
    if _can_view(request, Heartbeat):
        workspace["workers"] = workers_tile(now=now)
    context["workspace"] = workspace
    context["overdue_hours"] = settings.ACT_REVIEW_OVERDUE_HOURS
    context["app_list"] = sorted(context.get("app_list", []), key=_app_rank)
    return context


def _app_rank(app: dict) -> int:
    label = app.get("app_label", "")
    return APP_ORDER.index(label) if label in APP_ORDER else len(APP_ORDER)
