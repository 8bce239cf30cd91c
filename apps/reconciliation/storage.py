"""Act PDFs on disk, under PRIVATE_STORAGE_DIR/acts: never reachable by a static or media URL.

Rows keep paths relative to the private root, so the root can move between machines.
"""

import uuid
from io import BytesIO
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

PDF_MAGIC = b"%PDF-"


def act_file_store(*, act_id: int, data: bytes) -> str:
    """Write a new file for an act and return its relative path; old files are kept for the record."""
    relative = Path("acts") / str(act_id) / f"{uuid.uuid4().hex}.pdf"
    target = settings.PRIVATE_STORAGE_DIR / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".part")
    temporary.write_bytes(data)
    temporary.replace(target)  # atomic: a reader never sees half a file
    return str(relative)


def act_file_absolute(relative: str) -> Path:
    root = Path(settings.PRIVATE_STORAGE_DIR).resolve()
    path = (root / relative).resolve()
    if not path.is_relative_to(root):
        raise ValueError(f"act file path escapes the private storage: {relative!r}")
    return path


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
