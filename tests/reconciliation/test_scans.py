"""The client's file for an act is judged by its content, never by its name, and never read past the limit."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from apps.reconciliation.scans import SCAN_MAX_BYTES, scan_from_upload, scan_kind
from tests.reconciliation.conftest import EXE_BYTES


def _message(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


def test_real_pdf_png_and_jpeg_are_recognised(real_pdf, png_bytes, jpeg_bytes):
    assert scan_kind(real_pdf) == ("application/pdf", "pdf")
    assert scan_kind(png_bytes) == ("image/png", "png")
    assert scan_kind(jpeg_bytes) == ("image/jpeg", "jpg")


def test_a_program_renamed_pdf_is_refused_in_plain_russian():
    with pytest.raises(ValidationError) as caught:
        scan_from_upload(SimpleUploadedFile("акт.pdf", EXE_BYTES, content_type="application/pdf"))
    assert "не PDF, JPEG или PNG" in _message(caught.value)
    assert "расширение в имени файла не в счёт" in _message(caught.value)


@pytest.mark.parametrize(
    "data",
    [b"<html><body>act</body></html>", b"PK\x03\x04 a zip or a docx", b"GIF89a\x01\x00\x01\x00"],
    ids=["html", "zip", "gif"],
)
def test_other_formats_are_refused(data):
    with pytest.raises(ValidationError, match="не PDF, JPEG или PNG"):
        scan_kind(data)


def test_a_pdf_header_on_garbage_is_refused():
    with pytest.raises(ValidationError, match="PDF не открывается"):
        scan_kind(b"%PDF-1.7\n" + EXE_BYTES)


def test_a_cut_off_png_is_refused(png_bytes):
    with pytest.raises(ValidationError, match="Изображение повреждено"):
        scan_kind(png_bytes[: len(png_bytes) // 2])


def test_a_png_with_a_wrong_checksum_is_refused(png_bytes):
    broken = bytearray(png_bytes)
    broken[29] ^= 0xFF  # inside IHDR's checksum
    with pytest.raises(ValidationError, match="Изображение повреждено"):
        scan_kind(bytes(broken))


def test_a_bare_png_signature_is_refused():
    with pytest.raises(ValidationError, match="Изображение повреждено"):
        scan_kind(b"\x89PNG\r\n\x1a\n" + EXE_BYTES)


def test_a_cut_off_jpeg_is_refused(jpeg_bytes):
    with pytest.raises(ValidationError, match="Изображение повреждено"):
        scan_kind(jpeg_bytes[:200])


def test_a_bare_jpeg_signature_is_refused():
    with pytest.raises(ValidationError, match="Изображение повреждено"):
        scan_kind(b"\xff\xd8\xff\xe0" + EXE_BYTES)


def test_a_png_named_pdf_is_kept_as_the_png_it_is(png_bytes):
    scan = scan_from_upload(SimpleUploadedFile("Акт подписанный.pdf", png_bytes, content_type="application/pdf"))
    assert scan.content_type == "image/png"
    assert scan.name == "Акт_подписанный.png"
    assert scan.data == png_bytes


def test_a_name_with_nothing_usable_becomes_a_plain_one(real_pdf):
    scan = scan_from_upload(SimpleUploadedFile("***.pdf", real_pdf))
    assert scan.name == "scan.pdf"
    assert scan_from_upload(SimpleUploadedFile("C:\\Users\\buh\\акт.PDF", real_pdf)).name == "акт.pdf"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="Файл пустой"):
        scan_from_upload(SimpleUploadedFile("act.pdf", b""))


class _HugeUpload:
    """An upload that says it is 11 MB and fails the test if anyone reads it."""

    name = "big.pdf"
    size = 11 * 1024 * 1024

    def seek(self, *_args):
        raise AssertionError("an oversized upload must not be read")

    def read(self, *_args):
        raise AssertionError("an oversized upload must not be read")


def test_an_11_mb_file_is_refused_before_it_is_read():
    with pytest.raises(ValidationError, match="Файл больше 10 МБ"):
        scan_from_upload(_HugeUpload())


class _LyingUpload(io.BytesIO):
    """An upload whose declared size is small but whose body is not: reading stops at the limit."""

    name = "scan.pdf"
    size = 100

    def read(self, size=-1):
        assert size == SCAN_MAX_BYTES + 1, "the upload must be read with a cap"
        return super().read(size)


def test_an_upload_larger_than_it_claims_is_cut_at_the_limit_and_refused(real_pdf):
    with pytest.raises(ValidationError, match="Файл больше 10 МБ"):
        scan_from_upload(_LyingUpload(real_pdf + b"\0" * SCAN_MAX_BYTES))
