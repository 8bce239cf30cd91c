"""Act PDFs in the private storage (settings.STORAGES["private"], under acts/): never reachable by
a static or media URL, written through the storage API and read in chunks
(apps/core/private_files.py), so a bucket's file is never spooled to a node's disk.

Rows keep storage names ("acts/7/3f….pdf"), so the storage can be a local folder or a bucket.
"""

import uuid
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, storages
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from apps.core.private_files import PrivateFile, private_file_save, private_file_stream

PDF_MAGIC = b"%PDF-"
PRIVATE_STORAGE = "private"


def act_storage() -> Storage:
    return storages[PRIVATE_STORAGE]


def act_file_store(*, act_id: int, data: bytes) -> str:
    """Store a new file for an act and return its name; old files are kept for the record.

    FileSystemStorage writes to the final name with O_EXCL and a lock, and the uuid makes the
    name new, so a reader only ever sees an act's name once its row points to it.
    """
    return private_file_save(f"acts/{act_id}/{uuid.uuid4().hex}.pdf", ContentFile(data), storage=PRIVATE_STORAGE)


def answer_file_store(*, act_id: int, data: bytes, extension: str) -> str:
    """Store a client's file answering an act (a signed scan, a dispute's attachment) beside the act's own."""
    name = f"acts/{act_id}/answers/{uuid.uuid4().hex}.{extension}"
    return private_file_save(name, ContentFile(data), storage=PRIVATE_STORAGE)


def act_file_stream(name: str) -> PrivateFile:
    """An act's PDF (or a client's answer file) in chunks, to be streamed; FileNotFoundError if it
    is gone, PrivateFileUnavailable if the storage does not answer."""
    return private_file_stream(name, storage=PRIVATE_STORAGE)


def act_file_delete(name: str) -> None:
    act_storage().delete(name)


def pdf_validate(data: bytes) -> None:
    """Refuse anything that is not a readable PDF: a reviewer's upload goes straight to a client."""
    if not data.startswith(PDF_MAGIC):
        raise ValidationError(_("Файл не является PDF."), code="not_pdf")
    try:
        reader = PdfReader(BytesIO(data))
        pages = len(reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        raise ValidationError(_("Файл повреждён: PDF не открывается."), code="broken_pdf") from None
    if pages == 0:
        raise ValidationError(_("В PDF нет ни одной страницы."), code="empty_pdf")
