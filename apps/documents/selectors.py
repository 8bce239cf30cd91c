from functools import partial

from django.db.models import QuerySet

from apps.clients.models import Client
from apps.core.prepared import PreparedQuery
from apps.core.private_files import PrivateFile, private_file_stream
from apps.documents.models import DocumentRequest

HISTORY_FIELDS = ("id", "client_id", "created_at", "kind", "date_from", "date_to", "email", "status")


def document_requests_recent(*, client: Client, kind: str | None = None, limit: int = 10) -> list[DocumentRequest]:
    """The client's latest requests, newest first, with only the columns the history shows."""
    prepared = _recent.get((kind, limit))
    if prepared is None:
        prepared = _recent.setdefault((kind, limit), PreparedQuery(DocumentRequest, partial(_recent_qs, kind, limit)))
    return prepared(client.pk)


def _recent_qs(kind: str | None, limit: int, client_id: int) -> QuerySet[DocumentRequest]:
    requests = DocumentRequest.objects.filter(client_id=client_id)
    if kind:
        requests = requests.filter(kind=kind)
    # Only the columns the history shows: a request row has some twenty, and the datetimes
    # among them are parsed one by one on SQLite; the history is on the busiest pages.
    return requests.only(*HISTORY_FIELDS).order_by("-created_at")[:limit]


# (kind, limit) → its compiled query: the callers use a handful of combinations, never input.
_recent: dict[tuple[str | None, int], PreparedQuery] = {}


def document_request_get(*, client: Client, request_id: int) -> DocumentRequest | None:
    """A request only if it belongs to this client: another client's id is simply not found."""
    # Compiled once: the status fragment htmx polls every few seconds while a request runs.
    found = _request_of_client(client.pk, request_id)
    return found[0] if found else None


_request_of_client = PreparedQuery(
    DocumentRequest,
    lambda client_id, request_id: DocumentRequest.objects.filter(client_id=client_id, id=request_id)[:1],
    arity=2,
)


def document_request_archive_stream(*, request: DocumentRequest) -> PrivateFile:
    """The request's archive from the private storage, in chunks; FileNotFoundError if gone,
    PrivateFileUnavailable if the storage does not answer.

    Only for a request already got through `document_request_get`, which checks the owner.
    """
    return private_file_stream(request.archive_path)
