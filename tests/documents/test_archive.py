"""The ZIP itself: what is stored as it is, what is deflated, and that the bytes survive."""

import zipfile
from datetime import date
from decimal import Decimal

import pytest

from apps.documents.archive import build_archive, compression_for
from apps.onec.client import DocumentFile, DocumentInfo
from tests.utils import FilesOneC

INN = "5036012344"


def _build(tmp_path, files: dict[str, DocumentFile]) -> zipfile.ZipFile:
    documents = [
        DocumentInfo(id=key, type="Счет", number=key, date=date(2026, 1, 5), amount=Decimal(1), file_name="", size=1)
        for key in files
    ]
    path = tmp_path / "archive.zip"
    build_archive(
        onec=FilesOneC(files), inn=INN, documents=documents, path=path, parallel=2, on_progress=lambda n: None
    )
    return zipfile.ZipFile(path)


def _file(mime_type: str, data: bytes) -> DocumentFile:
    return DocumentFile(file_name="", mime_type=mime_type, data=data)


XML = ("<Файл>" + "<СвТов НаимТов='Кирпич огнеупорный ШБ-5' КолТов='1000'/>" * 200 + "</Файл>").encode()


def test_an_archive_of_pdfs_stores_them_as_they_are(tmp_path):
    pdf = b"%PDF-1.7\n" + bytes(range(256)) * 400
    archive = _build(tmp_path, {"1": _file("application/pdf", pdf), "2": _file("application/pdf", pdf[::-1])})
    assert [info.compress_type for info in archive.infolist()] == [zipfile.ZIP_STORED, zipfile.ZIP_STORED]
    assert [info.compress_size for info in archive.infolist()] == [len(pdf), len(pdf)]
    assert archive.read(archive.namelist()[0]) == pdf
    assert archive.testzip() is None


def test_text_entries_are_deflated_next_to_stored_ones(tmp_path):
    files = {
        "1": _file("application/pdf", b"%PDF-1.7 scan"),
        "2": _file("application/xml", XML),
        "3": _file("image/jpeg", b"\xff\xd8\xff\xe0 photo"),
        "4": _file("text/plain", "Реестр документов\n".encode() * 100),
    }
    archive = _build(tmp_path, files)
    kinds = {info.filename.rsplit(".", 1)[1]: info for info in archive.infolist()}
    assert kinds["pdf"].compress_type == kinds["jpg"].compress_type == zipfile.ZIP_STORED
    assert kinds["xml"].compress_type == kinds["txt"].compress_type == zipfile.ZIP_DEFLATED
    assert kinds["xml"].compress_size < len(XML) / 10
    assert archive.read(kinds["xml"]) == XML
    assert archive.testzip() is None


@pytest.mark.parametrize(
    ("name", "stored"),
    [
        ("2026-01-05 Счет 7 от 05.01.2026.pdf", True),
        ("scan.JPG", True),
        ("photo.png", True),
        ("bundle.zip", True),
        ("Реестр.xlsx", True),
        ("Письмо.docx", True),
        ("table.ods", True),
        ("text.odt", True),
        ("УПД.xml", False),
        ("note.txt", False),
        ("old.xls", False),  # the binary Office formats are not compressed inside
        ("old.doc", False),
        ("scan.tif", False),  # a TIFF scan is often uncompressed
        ("unknown.bin", False),
    ],
)
def test_compression_is_chosen_by_the_entry_type(name, stored):
    assert compression_for(name) == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)
