"""A client's quality certificates: found by their number, downloaded one by one.

The list is the client's own (ListDocuments with the client's INN over two years), kept a few
minutes; a certificate is downloaded only if its id is in that list, so another client's id
answers 404 without asking 1C for its file.
"""

from datetime import date, timedelta

from django.core.cache import cache
from django.utils import timezone

from apps.clients.models import Client
from apps.onec.backend import get_onec_client
from apps.onec.client import CERTIFICATE, DocumentFile, DocumentInfo

CERTIFICATE_DAYS = 2 * 365  # how far back a certificate number is searched
CERTIFICATE_SECONDS = 10 * 60


def certificates_for_client(*, client: Client, today: date | None = None) -> list[DocumentInfo]:
    """The client's quality certificates of the last two years, newest first. Raises OneCError."""
    today = today or timezone.localdate()
    key = f"certificates:v1:{client.pk}:{today.isoformat()}"
    found = cache.get(key)
    if found is None:
        found = get_onec_client().list_documents(
            client.inn, CERTIFICATE, today - timedelta(days=CERTIFICATE_DAYS), today
        )
        cache.set(key, found, timeout=CERTIFICATE_SECONDS)
    return sorted(found, key=lambda d: (d.date, d.number), reverse=True)


def _normal(number: str) -> str:
    # «СК 12/3», «ск-12/3» and «СК12/3» are the same certificate to the person typing it.
    return "".join(ch for ch in number.casefold() if ch.isalnum())


def certificates_search(*, client: Client, query: str, limit: int = 50) -> list[DocumentInfo]:
    """The client's certificates whose number contains the query. Raises OneCError."""
    wanted = _normal(query)
    if not wanted:
        return []
    return [doc for doc in certificates_for_client(client=client) if wanted in _normal(doc.number)][:limit]


def certificate_for_client(*, client: Client, document_id: str) -> DocumentInfo | None:
    """The client's own certificate, or None. Raises OneCError."""
    return next((doc for doc in certificates_for_client(client=client) if doc.id == document_id), None)


def certificate_file(*, client: Client, document: DocumentInfo) -> DocumentFile:
    """The certificate's file from 1C. Raises OneCError (DOCUMENT_NOT_FOUND if 1C lost it)."""
    return get_onec_client().get_document_file(client.inn, document.id)
