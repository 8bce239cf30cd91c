"""Names inside the archive come from the document's type, number and date, cleaned of anything
that could hide or change what a file is; the extension comes from the MIME type alone."""

import dataclasses
import io
import unicodedata
import zipfile
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from apps.documents import services
from apps.documents.archive import build_archive
from apps.documents.naming import clean_text
from apps.onec.client import DocumentFile, DocumentInfo
from tests.utils import FilesOneC

INN = "5036012344"
INVISIBLE = ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c",
             "\u200b", "\u200d", "\ufeff", "\u00ad", "\x00", "\x1b", "\x7f", "\ue000", "\ud800"]  # fmt: skip
WINDOWS_FORBIDDEN = '<>:"/\\|?*'


def _archive_names(client_org, kind="Invoice", period=(date(2026, 1, 1), date(2026, 5, 31))) -> list[str]:
    request, _ = services.document_request_create(
        client=client_org, kind=kind, date_from=period[0], date_to=period[1], email=client_org.email
    )
    request.refresh_from_db()
    assert request.status == "sent", request.last_error
    [message] = mail.outbox
    _filename, content, _mimetype = message.attachments[0]
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    return archive.namelist()


def _assert_windows_safe(name: str) -> None:
    stem, _, ext = name.rpartition(".")
    assert not any(ch in name for ch in WINDOWS_FORBIDDEN), name
    assert ".." not in name and stem == stem.rstrip(" .") and ext.isalnum(), name
    assert not any(unicodedata.category(ch) in {"Cc", "Cf", "Co", "Cs", "Zl", "Zp"} for ch in name), ascii(name)
    assert len(name) < 200, name


@pytest.mark.parametrize("char", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
def test_invisible_and_bidirectional_characters_are_stripped(char):
    assert clean_text(f"Счет{char}12{char}") == "Счет12"


def test_line_breaks_and_tabs_become_single_spaces():
    assert clean_text("Акт\u2028сверки\tза\r\nмай\u2029") == "Акт сверки за май"


@pytest.mark.django_db(transaction=True)
def test_a_right_to_left_override_cannot_make_an_exe_look_like_a_pdf(client_org, fake_onec):
    # Shown by Windows as «Счет 5 от 05.01.2026exe.pdf».
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), type="Счет", number="5",
                           file_name="Счет 5 от 05.01.2026\u202efdp.exe")  # fmt: skip
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 6), type="Счет\u202e", number="\u20667\u2069",
                           file_name="\u202eСчет 7.pdf")  # fmt: skip

    names = _archive_names(client_org)

    assert names == ["2026-01-05 Счет 5 от 05.01.2026.pdf", "2026-01-06 Счет 7 от 06.01.2026.pdf"]
    for name in names:
        _assert_windows_safe(name)


@pytest.mark.django_db(transaction=True)
def test_an_exe_name_with_a_pdf_mime_type_becomes_a_pdf(client_org, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), type="Счет", number="9", file_name="invoice.exe")

    assert _archive_names(client_org) == ["2026-01-05 Счет 9 от 05.01.2026.pdf"]  # the fake 1C says application/pdf


@pytest.mark.django_db(transaction=True)
def test_a_slash_in_a_number_is_part_of_the_number_not_a_folder(client_org, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 5, 19), type="Акт", number="27/26",
                           file_name="Акт 27/26 от 19.05.2026.pdf")  # fmt: skip
    fake_onec.add_document(INN, "Closing", date(2026, 5, 20), type="Счет-фактура", number="12\\3/4")

    names = _archive_names(client_org, kind="Closing")

    assert names == ["2026-05-19 Акт 27-26 от 19.05.2026.pdf", "2026-05-20 Счет-фактура 12-3-4 от 20.05.2026.pdf"]


@pytest.mark.django_db(transaction=True)
def test_an_empty_file_name_is_named_from_type_number_and_date(client_org, fake_onec, monkeypatch):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), number="42")
    listed, fetched = fake_onec.list_documents, fake_onec.get_document_file
    # 1C answering FileName "" both in the list and with the file.
    monkeypatch.setattr(fake_onec, "list_documents",
                        lambda *args: [dataclasses.replace(doc, file_name="") for doc in listed(*args)])  # fmt: skip
    monkeypatch.setattr(fake_onec, "get_document_file",
                        lambda *args: dataclasses.replace(fetched(*args), file_name=""))  # fmt: skip

    assert _archive_names(client_org) == ["2026-01-05 Счёт на оплату 42 от 05.01.2026.pdf"]


@pytest.mark.django_db(transaction=True)
def test_entries_are_unique_ignoring_case_and_safe_for_windows(client_org, fake_onec):
    for doc_type, number in [("Счет", "A1"), ("СЧЕТ", "a1"), ("счет", "A1"), ("CON", ""), ("Счет", 'a<b>:"|?*..')]:
        fake_onec.add_document(INN, "Invoice", date(2026, 1, 5), type=doc_type, number=number or " ")
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 6), type="Счет " * 100, number="1" * 100)

    names = _archive_names(client_org)

    assert len({name.casefold() for name in names}) == len(names) == 6
    same = sorted(name.casefold() for name in names if name.casefold().startswith("2026-01-05 счет a1 "))
    assert same == [
        "2026-01-05 счет a1 от 05.01.2026 (2).pdf",
        "2026-01-05 счет a1 от 05.01.2026 (3).pdf",
        "2026-01-05 счет a1 от 05.01.2026.pdf",
    ]
    assert "2026-01-05 CON от 05.01.2026.pdf" in names  # not a device name: the date comes first
    for name in names:
        _assert_windows_safe(name)
    assert names[-1].endswith(" от 06.01.2026.pdf")  # a very long type is cut, the date stays


def _build(tmp_path, doc: DocumentInfo, file: DocumentFile) -> list[str]:
    path = tmp_path / "archive.zip"
    build_archive(
        onec=FilesOneC({doc.id: file}), inn=INN, documents=[doc], path=path, parallel=1, on_progress=lambda done: None
    )
    with zipfile.ZipFile(path) as archive:
        return archive.namelist()


def _doc(**fields) -> DocumentInfo:
    values = {"id": "1", "type": "Счет", "number": "7", "date": date(2026, 1, 5), "amount": Decimal(1),
              "file_name": "scan.exe", "size": 1, **fields}  # fmt: skip
    return DocumentInfo(**values)


@pytest.mark.parametrize(
    ("mime_type", "data", "extension"),
    [
        ("application/pdf", b"%PDF-1.7", "pdf"),
        ("Application/PDF; charset=binary", b"%PDF-1.7", "pdf"),
        ("image/jpeg", b"\xff\xd8\xff\xe0", "jpg"),
        ("image/png", b"\x89PNG\r\n\x1a\n", "png"),
        ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK\x03\x04", "xlsx"),
        ("application/octet-stream", b"%PDF-1.4", "pdf"),  # 1C left the type out: the bytes are a PDF
        ("", b"\x89PNG\r\n\x1a\n", "png"),
        ("application/x-msdownload", b"MZ\x90\x00", "bin"),  # never .exe, whatever the name says
        ("application/octet-stream", b"MZ\x90\x00", "bin"),
        ("text/html", b"<script>", "bin"),
    ],
)
def test_the_extension_comes_from_an_allowlist_by_mime_type(tmp_path, mime_type, data, extension):
    file = DocumentFile(file_name="Счет 7 от 05.01.2026.exe", mime_type=mime_type, data=data)
    assert _build(tmp_path, _doc(), file) == [f"2026-01-05 Счет 7 от 05.01.2026.{extension}"]


def test_a_document_without_type_or_number_falls_back_to_its_cleaned_file_name(tmp_path):
    file = DocumentFile(file_name="", mime_type="application/pdf", data=b"%PDF-")
    doc = _doc(type="", number="", file_name="..\\..\\Реестр\u202e 3/4.exe")
    assert _build(tmp_path, doc, file) == ["2026-01-05 Реестр 3-4 от 05.01.2026.pdf"]
    doc = _doc(type=" ", number="\u200b", file_name="")
    assert _build(tmp_path, doc, file) == ["2026-01-05 document от 05.01.2026.pdf"]


def test_a_lone_surrogate_from_1c_does_not_break_the_archive(tmp_path):
    file = DocumentFile(file_name="", mime_type="application/pdf", data=b"%PDF-")
    assert _build(tmp_path, _doc(number="1\ud8002"), file) == ["2026-01-05 Счет 12 от 05.01.2026.pdf"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_an_empty_file_name_over_soap_does_not_fail_the_request(client_org, onec_emulator, smtp_server, monkeypatch):
    # A real 1C answering <FileName/> (zeep reads it as None) for every document of the list
    # and of the file: the request is still sent, each entry named from type, number and date.
    from apps.onec.emulator.data import Document

    monkeypatch.setattr(Document, "file_name", property(lambda self: ""))
    end = onec_emulator.ledger.today
    start = end.replace(day=1, month=1) if end.month > 3 else date(end.year - 1, 10, 1)
    listed = onec_emulator.ledger.find(client_org.inn, "Closing", start, end)
    assert listed

    request, _ = services.document_request_create(
        client=client_org, kind="Closing", date_from=start, date_to=end, email=client_org.email
    )
    request.refresh_from_db()

    assert request.status == "sent", request.last_error
    [(_recipients, message)] = smtp_server.messages
    [attachment] = list(message.iter_attachments())
    names = zipfile.ZipFile(io.BytesIO(attachment.get_content())).namelist()
    expected = {f"{d.date:%Y-%m-%d} {d.type} {d.number.replace('/', '-')} от {d.date:%d.%m.%Y}.pdf" for d in listed}
    assert sorted(names) == sorted(expected)
