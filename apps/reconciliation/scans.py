"""A client's file for an act (the signed scan, or a file beside a dispute): checked by content.

Only PDF, JPEG and PNG are taken, and the name's extension is never believed: a program renamed
«акт.pdf» is refused, and a PNG called «.pdf» is kept as the PNG it is. The images are checked
by walking their structure here, without an image library: enough to know it is an image a
viewer will open, without decoding pixels from an untrusted upload.
"""

import os
import zlib
from dataclasses import dataclass

from django.core.exceptions import SuspiciousFileOperation, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.text import get_valid_filename
from django.utils.translation import gettext_lazy as _

from apps.reconciliation.storage import PDF_MAGIC, pdf_validate

SCAN_MAX_MB = 10
SCAN_MAX_BYTES = SCAN_MAX_MB * 1024 * 1024
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"
# Start-of-frame markers carry the picture's size; C4 (DHT), C8 (JPG) and CC (DAC) only share the range.
_JPEG_FRAMES = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_JPEG_STANDALONE = frozenset({0x01, *range(0xD0, 0xD8)})

NOT_A_SCAN = _(
    "По содержимому этот файл не PDF, JPEG или PNG (расширение в имени файла не в счёт). "
    "Загрузите скан или фото акта в одном из этих форматов."
)
BROKEN_IMAGE = _("Изображение повреждено или сохранено не полностью: загрузите файл ещё раз.")


@dataclass(frozen=True)
class Scan:
    data: bytes
    name: str
    content_type: str
    extension: str


def scan_from_upload(upload: UploadedFile) -> Scan:
    """The upload as a checked Scan, or a ValidationError a client can act on.

    The size is checked before the file is read, and no more than the limit is ever read, so a
    huge upload never lands in memory whatever size it claims.
    """
    too_big = ValidationError(_("Файл больше %(mb)d МБ."), code="too_big", params={"mb": SCAN_MAX_MB})
    if upload.size is not None and upload.size > SCAN_MAX_BYTES:
        raise too_big
    upload.seek(0)
    data = upload.read(SCAN_MAX_BYTES + 1)
    if len(data) > SCAN_MAX_BYTES:
        raise too_big
    if not data:
        raise ValidationError(_("Файл пустой."), code="empty")
    content_type, extension = scan_kind(data)
    name = _clean_name(upload.name or "", extension)
    return Scan(data=data, name=name, content_type=content_type, extension=extension)


def scan_kind(data: bytes) -> tuple[str, str]:
    """(content type, extension) of a PDF, PNG or JPEG whose structure holds; ValidationError otherwise."""
    if data.startswith(PDF_MAGIC):
        pdf_validate(data)
        return "application/pdf", "pdf"
    if data.startswith(PNG_MAGIC):
        _png_check(data)
        return "image/png", "png"
    if data.startswith(JPEG_MAGIC):
        _jpeg_check(data)
        return "image/jpeg", "jpg"
    raise ValidationError(NOT_A_SCAN, code="not_a_scan")


def _clean_name(name: str, extension: str) -> str:
    """The client's own name for the file, safe for a header and a disk, with its true extension."""
    stem = os.path.splitext(os.path.basename(name.replace("\\", "/")))[0]
    try:
        stem = get_valid_filename(stem)[:120]
    except SuspiciousFileOperation:  # nothing usable left of it, e.g. ".."
        stem = ""
    return f"{stem or 'scan'}.{extension}"


def _png_check(data: bytes) -> None:
    """Every chunk whole with a right checksum, IHDR first with a size, image data, then IEND."""
    pos, seen_data = len(PNG_MAGIC), False
    while pos + 12 <= len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            break
        body = data[pos + 8 : pos + 8 + length]
        if zlib.crc32(kind + body) != int.from_bytes(data[end - 4 : end], "big"):
            break
        if pos == len(PNG_MAGIC) and not (kind == b"IHDR" and length == 13 and _png_has_size(body)):
            break
        if kind == b"IDAT":
            seen_data = True
        elif kind == b"IEND":
            if seen_data:
                return
            break
        pos = end
    raise ValidationError(BROKEN_IMAGE, code="broken_image")


def _png_has_size(ihdr: bytes) -> bool:
    return int.from_bytes(ihdr[0:4], "big") > 0 and int.from_bytes(ihdr[4:8], "big") > 0


def _jpeg_check(data: bytes) -> None:
    """Segments whole up to the scan, a frame header with a size before it, and an end marker after."""
    pos, has_frame = 2, False
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            break
        marker = data[pos + 1]
        if marker == 0xFF:  # fill byte before a marker
            pos += 1
            continue
        if marker in _JPEG_STANDALONE:
            pos += 2
            continue
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        if marker == 0xD9 or length < 2 or pos + 2 + length > len(data):
            break
        if marker in _JPEG_FRAMES:
            segment = data[pos + 4 : pos + 2 + length]
            has_frame = len(segment) >= 6 and segment[1:3] != b"\0\0" and segment[3:5] != b"\0\0"
        if marker == 0xDA:  # start of scan: the compressed picture runs to the end marker
            if has_frame and data.rfind(b"\xff\xd9") > pos:
                return
            break
        pos += 2 + length
    raise ValidationError(BROKEN_IMAGE, code="broken_image")
