"""The download log: every file a client takes from the cabinet, for staff («кто и когда скачал»)."""

from apps.clients.models import Client
from apps.documents.models import DocumentDownload


def record_download(
    *, client: Client, user, what: str, title: str, document_id: str = "", size: int | None = None
) -> DocumentDownload:
    user = user if getattr(user, "is_authenticated", False) else None
    return DocumentDownload.objects.create(
        client=client, user=user, what=what, title=title[:255], document_id=document_id[:100], size=size
    )
