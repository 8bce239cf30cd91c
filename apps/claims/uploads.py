"""A claim's photos and PDFs, checked by content and made safe before anyone else sees them.

What a file is comes from the signed-act upload's check (apps/reconciliation/scans.py): PDF,
JPEG or PNG by their structure, the name's extension never believed, never more than the limit
read. Beyond that, a claim's photo is shown to staff and to the client's colleagues, so it is
decoded and written again here: what is stored is a picture Pillow drew, without whatever else
the upload carried (a script after the image's end, EXIF with a phone's location), turned the
way the camera meant, and a small JPEG preview beside it. Its size is read from its header
before a pixel is decoded: a PNG of 100,000 × 100,000 dots is a few KB of zeros that would
take 30 GB to draw. A PDF is kept as it came and is only ever handed out as an attachment.
"""

import os
from dataclasses import dataclass
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

from apps.reconciliation.scans import SCAN_MAX_MB, scan_from_upload

FILE_MAX_MB = SCAN_MAX_MB  # 10 MB, as the signed act
IMAGE_MAX_MEGAPIXELS = 50  # a 48-megapixel phone photo passes; drawing one takes ~150 MB
PREVIEW_SIDE = 320
_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
_KEPT_INFO = ("icc_profile", "transparency")

# The scans' words name an act; a claim's file is a photo or a PDF. Keyed by the scans' codes.
_MESSAGES = {
    "too_big": _("Файл «%(name)s» больше %(mb)d МБ."),
    "empty": _("Файл «%(name)s» пустой."),
    "not_a_scan": _(
        "Файл «%(name)s» по содержимому не фото JPEG или PNG и не PDF (расширение в имени файла не в счёт)."
    ),
    "broken_image": _("Фото «%(name)s» повреждено или сохранено не полностью: загрузите его ещё раз."),
    "broken_pdf": _("PDF «%(name)s» повреждён и не открывается."),
    "empty_pdf": _("В PDF «%(name)s» нет ни одной страницы."),
    "too_large_image": _(
        "Фото «%(name)s» слишком большое: больше %(megapixels)d мегапикселей. Уменьшите его и загрузите снова."
    ),
}


@dataclass(frozen=True)
class ClaimUpload:
    """One file of a claim as it will be stored: re-encoded if it is a photo."""

    data: bytes
    name: str
    content_type: str
    extension: str
    preview: bytes = b""  # a JPEG for photos; nothing for a PDF


def claim_upload_check(upload: UploadedFile) -> ClaimUpload:
    """The upload made safe to store, or a ValidationError naming the file in the client's words."""
    shown = _shown_name(upload.name or "")
    try:
        scan = scan_from_upload(upload)
        if scan.content_type not in _FORMATS:
            return ClaimUpload(scan.data, scan.name, scan.content_type, scan.extension)
        data, preview = image_reencode(scan.data, content_type=scan.content_type)
    except ValidationError as error:
        raise _in_claim_words(error, shown) from None
    return ClaimUpload(data, scan.name, scan.content_type, scan.extension, preview)


def image_reencode(data: bytes, *, content_type: str) -> tuple[bytes, bytes]:
    """(the picture written again in its own format, a JPEG preview); ValidationError if it cannot be."""
    try:
        with Image.open(BytesIO(data)) as image:
            if image.format != _FORMATS[content_type]:
                raise ValidationError("not what the structure said", code="broken_image")
            _check_size(image)
            image.load()
            upright = ImageOps.exif_transpose(image)  # a copy of our own, turned as the camera meant
            # Pillow writes some of what it read back out (a JPEG's comment): only the colours stay.
            upright.info = {key: image.info[key] for key in _KEPT_INFO if key in image.info}
            return _encode(upright, image.format), _preview(upright)
    except Image.DecompressionBombError:
        raise ValidationError("too many pixels", code="too_large_image") from None
    except (OSError, SyntaxError, ValueError, EOFError):
        raise ValidationError("Pillow could not draw it", code="broken_image") from None


def _check_size(image: Image.Image) -> None:
    width, height = image.size
    if width * height > IMAGE_MAX_MEGAPIXELS * 1_000_000:
        raise ValidationError("too many pixels", code="too_large_image")


def _encode(image: Image.Image, image_format: str) -> bytes:
    """Only the pixels and the colour profile go on; EXIF, comments and trailing bytes stay behind."""
    buffer = BytesIO()
    extra = {"icc_profile": image.info["icc_profile"]} if image.info.get("icc_profile") else {}
    if image_format == "JPEG":
        image.save(buffer, "JPEG", quality=90, comment=b"", **extra)
    else:
        image.save(buffer, "PNG", **extra)  # the first frame of an animated PNG only
    return buffer.getvalue()


def _preview(image: Image.Image) -> bytes:
    small = _flat(image)
    small.thumbnail((PREVIEW_SIDE, PREVIEW_SIDE))
    small.info = {}
    buffer = BytesIO()
    small.save(buffer, "JPEG", quality=80, comment=b"")
    return buffer.getvalue()


def _flat(image: Image.Image) -> Image.Image:
    """RGB on white: a transparent PNG's preview is not black where it was see-through."""
    if image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        base = Image.new("RGB", rgba.size, "white")
        base.paste(rgba, mask=rgba.getchannel("A"))
        return base
    return image.convert("RGB")


def _in_claim_words(error: ValidationError, shown: str) -> ValidationError:
    code = error.code if error.code in _MESSAGES else "not_a_scan"
    params = {"name": shown, "mb": FILE_MAX_MB, "megapixels": IMAGE_MAX_MEGAPIXELS}
    return ValidationError(_MESSAGES[code], code=code, params=params)


def _shown_name(name: str) -> str:
    """The file's name as the person chose it, short enough for a message."""
    name = os.path.basename(name.replace("\\", "/")) or "?"
    return name if len(name) <= 80 else name[:79] + "…"
