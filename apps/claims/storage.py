"""Claim files in the private storage (STORAGES["private"], under claims/), never reachable by a
static or media URL: written through the storage API, read in chunks (apps/core/private_files.py),
so the storage may be a local folder or a bucket.

Files are stored before the claim's row is written (a row never points to a file that is not
there) and removed again if the row is not written.
"""

import logging
import uuid

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404, StreamingHttpResponse

from apps.claims.models import ClaimFile
from apps.claims.uploads import ClaimUpload
from apps.core.private_files import (
    PRIVATE_STORAGE,
    PrivateFile,
    private_file_response,
    private_file_save,
    private_file_stream,
)

logger = logging.getLogger(__name__)


def claim_upload_store(*, client_id: int, upload: ClaimUpload) -> tuple[str, str]:
    """(the file's name, its preview's name or "") in the private storage; PrivateFileUnavailable
    if the storage does not take it (whatever was stored of it is removed)."""
    stem = f"claims/{client_id}/{uuid.uuid4().hex}"
    path = private_file_save(f"{stem}.{upload.extension}", ContentFile(upload.data), storage=PRIVATE_STORAGE)
    if not upload.preview:
        return path, ""
    try:
        preview = private_file_save(f"{stem}-preview.jpg", ContentFile(upload.preview), storage=PRIVATE_STORAGE)
    except BaseException:
        claim_files_delete([path])
        raise
    return path, preview


def claim_file_stream(name: str) -> PrivateFile:
    """A claim's file in chunks; FileNotFoundError if it is gone, PrivateFileUnavailable if the
    storage does not answer."""
    return private_file_stream(name, storage=PRIVATE_STORAGE)


def claim_files_delete(names: list[str]) -> None:
    """Remove files of a claim that was not written. A storage that fails here is logged, not
    raised: the filing's own error is the one the client must see, and a stray file is harmless."""
    storage = storages[PRIVATE_STORAGE]
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except (OSError, BotoCoreError, ClientError) as error:
            logger.warning("claim file not removed name=%s error=%s", name, error)


def claim_file_download(file: ClaimFile, *, preview: bool = False) -> StreamingHttpResponse:
    """The file (or its preview, a JPEG the portal drew) streamed to staff or the client; Http404
    when it is gone or has no preview, PrivateFileUnavailable when the storage does not answer."""
    path = file.preview_path if preview else file.file_path
    if not path:
        raise Http404
    try:
        opened = claim_file_stream(path)
    except FileNotFoundError:
        raise Http404 from None
    return claim_file_response(opened, file=file, name=file.file_name, content_type="image/jpeg" if preview else "")


def claim_file_response(
    opened: PrivateFile, *, file: ClaimFile, name: str, content_type: str = ""
) -> StreamingHttpResponse:
    """A photo (or preview) the portal drew itself may be shown inline; anything else, a PDF above
    all, is an attachment. nosniff either way, so a browser never guesses a type of its own."""
    content_type = content_type or file.content_type
    inline = content_type in ("image/jpeg", "image/png")
    response = private_file_response(opened, filename=name, content_type=content_type, as_attachment=not inline)
    response["X-Content-Type-Options"] = "nosniff"
    return response
