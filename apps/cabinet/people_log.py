"""The company's log for its administrator: who asked for what, and who downloaded what.

Requests, act orders, act answers and questions are read from the audit journal, whose actor is
the person who acted (the services take `requested_by`); downloads from the download log. No
table gains a column for it.
"""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import reverse

from apps.claims.models import Claim
from apps.clients.models import Client
from apps.core.audit_labels import client_action_label
from apps.core.models import AuditEntry
from apps.documents.models import DocumentDownload, DocumentRequest
from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct

LOG_LENGTH = 50

# The journal's actions that a person of the client does, by the model they are about.
_ACTIONS = {
    DocumentRequest: ("documents.request.created",),
    ReconciliationAct: (
        "reconciliation.act.ordered",
        "reconciliation.act.confirmed",
        "reconciliation.act.disputed",
        "reconciliation.act.signed_copy_received",
    ),
    Question: ("questions.question.asked",),
    Claim: ("claims.claim.filed",),
}
_LINKS = {
    DocumentRequest: "cabinet:document_request",
    ReconciliationAct: "cabinet:act_detail",
    Claim: "cabinet:claim_detail",
}


@dataclass(frozen=True)
class Requested:
    at: datetime
    who: str
    what: str
    period: str
    url: str | None


def downloads_recent(*, client: Client, limit: int = LOG_LENGTH) -> list[DocumentDownload]:
    return list(DocumentDownload.objects.filter(client=client).select_related("user")[:limit])


def requests_recent(*, client: Client, limit: int = LOG_LENGTH) -> list[Requested]:
    """The latest requests, orders, answers and questions of the client's people, newest first."""
    types = ContentType.objects.get_for_models(*_ACTIONS)
    condition = Q()
    for model, actions in _ACTIONS.items():
        owned = model.objects.filter(client=client).values("id")
        condition |= Q(content_type=types[model], object_id__in=owned, action__in=actions)
    entries = AuditEntry.objects.filter(condition).select_related("actor").order_by("-created_at", "-id")[:limit]
    models = {types[model].id: model for model in _ACTIONS}
    entries = list(entries)
    # A request's kind and period are on the request itself: one query for the page's requests.
    request_ids = [e.object_id for e in entries if models[e.content_type_id] is DocumentRequest]
    requests = DocumentRequest.objects.filter(client=client, id__in=request_ids).in_bulk()
    return [_requested(entry, models[entry.content_type_id], requests) for entry in entries]


def _requested(entry: AuditEntry, model, requests: dict) -> Requested:
    data = entry.data or {}
    what = client_action_label(entry.action)
    period = ""
    if data.get("date_from") and data.get("date_to"):
        period = f"{_date(data['date_from'])} – {_date(data['date_to'])}"
    request = requests.get(entry.object_id) if model is DocumentRequest else None
    if request is not None:
        what = request.get_kind_display()  # «Архив счетов»: what was asked for, in the cabinet's words
        period = f"{request.date_from:%d.%m.%Y} – {request.date_to:%d.%m.%Y}"
    link = _LINKS.get(model)
    return Requested(
        at=entry.created_at,
        who=entry.actor.get_username() if entry.actor else "—",
        what=what,
        period=period,
        url=reverse(link, args=[entry.object_id]) if link else None,
    )


def _date(iso: str) -> str:
    year, month, day = iso[:10].split("-")
    return f"{day}.{month}.{year}"
