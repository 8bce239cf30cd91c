"""A claim's file is judged by its content (the signed act's check), and a photo is drawn again
before anyone sees it: metadata and trailing bytes gone, turned upright, a preview beside it; a
picture too large to draw safely is refused from its header, in the client's words."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from apps.claims.uploads import PREVIEW_SIDE, claim_upload_check
from tests.claims.images import (
    image_in_mode,
    jpeg_with_comment,
    jpeg_with_exif,
    png_of_size,
    png_with_text,
    transparent_png,
)
from tests.e2e.conftest import blank_pdf
from tests.reconciliation.conftest import EXE_BYTES, image_bytes


def _check(name: str, data: bytes):
    return claim_upload_check(SimpleUploadedFile(name, data))


def _refusal(name: str, data: bytes) -> str:
    with pytest.raises(ValidationError) as caught:
        _check(name, data)
    return " ".join(caught.value.messages)


def _open(data: bytes) -> Image.Image:
    return Image.open(io.BytesIO(data))


def test_a_photo_is_stored_as_drawn_again_without_its_exif_and_upright():
    upload = _check("IMG_0001.JPG", jpeg_with_exif(orientation=6, size=(60, 20)))
    stored = _open(upload.data)
    assert (upload.content_type, upload.extension, upload.name) == ("image/jpeg", "jpg", "IMG_0001.jpg")
    assert stored.format == "JPEG" and stored.size == (20, 60)  # turned as the camera meant
    assert not stored.getexif()  # no GPS position, no orientation left to apply twice


def test_bytes_hidden_after_a_picture_do_not_survive():
    trailing = b"<script>alert(document.cookie)</script>" + EXE_BYTES
    upload = _check("photo.png", image_bytes("PNG") + trailing)
    assert b"<script>" not in upload.data and b"This program" not in upload.data
    assert _open(upload.data).format == "PNG"


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("photo.jpg", jpeg_with_comment(b"<script>alert(1)</script>")),
        ("photo.png", png_with_text("<script>alert(1)</script>")),
    ],
    ids=["jpeg-comment", "png-text"],
)
def test_text_hidden_inside_a_picture_does_not_survive(name, data):
    assert b"<script>" in data
    upload = _check(name, data)
    assert b"<script>" not in upload.data and b"<script>" not in upload.preview


def test_a_photo_gets_a_small_jpeg_preview():
    upload = _check("big.png", image_bytes("PNG", size=(1200, 900)))
    preview = _open(upload.preview)
    assert preview.format == "JPEG" and max(preview.size) == PREVIEW_SIDE


def test_a_transparent_pngs_preview_is_white_not_black():
    preview = _open(_check("logo.png", transparent_png()).preview).convert("RGB")
    assert preview.getpixel((0, 0)) == (255, 255, 255)


@pytest.mark.parametrize(
    ("mode", "fmt"), [("CMYK", "JPEG"), ("L", "JPEG"), ("I;16", "PNG"), ("P", "PNG"), ("LA", "PNG"), ("1", "PNG")]
)
def test_unusual_but_real_pictures_are_taken(mode, fmt):
    upload = _check(f"scan.{fmt.lower()}", image_in_mode(mode, fmt))
    assert _open(upload.data).format == fmt and upload.preview


def test_a_pdf_is_kept_as_it_came_without_a_preview():
    pdf = blank_pdf()
    upload = _check("акт осмотра.pdf", pdf)
    assert (upload.data, upload.content_type, upload.preview) == (pdf, "application/pdf", b"")


def test_a_png_with_huge_dimensions_is_refused_from_its_header():
    message = _refusal("план.png", png_of_size(100_000, 100_000))
    assert message == "Фото «план.png» слишком большое: больше 50 мегапикселей. Уменьшите его и загрузите снова."


def test_a_png_just_past_the_limit_is_refused_too():
    assert "слишком большое" in _refusal("panorama.png", png_of_size(10_000, 5_001))


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("photo.jpg", EXE_BYTES, "по содержимому не фото JPEG или PNG и не PDF"),
        ("drawing.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "не фото"),
        ("photo.jpg", image_bytes("GIF"), "не фото JPEG или PNG"),
        ("photo.jpg", image_bytes("JPEG")[:300], "повреждено или сохранено не полностью"),
        ("act.pdf", b"%PDF-1.7\n" + EXE_BYTES, "повреждён и не открывается"),
        ("empty.jpg", b"", "пустой"),
    ],
    ids=["exe", "svg", "gif", "cut-jpeg", "broken-pdf", "empty"],
)
def test_what_is_not_a_photo_or_pdf_is_refused_naming_the_file(name, data, words):
    message = _refusal(name, data)
    assert words in message and f"«{name}»" in message


def test_a_file_over_10_mb_is_refused_unread():
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff" + b"\0" * (11 * 1024 * 1024))
    with pytest.raises(ValidationError) as caught:
        claim_upload_check(big)
    assert caught.value.messages == ["Файл «huge.jpg» больше 10 МБ."]
