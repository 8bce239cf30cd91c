"""File names in the client's language: an English archive names its entries in English, a type
1C sends that the portal does not know stays as 1C wrote it (apps/documents/naming.py)."""

import io
import zipfile
from datetime import date

import pytest
from django.core import mail
from django.utils import translation

from apps.documents import services
from apps.documents.models import DocumentKind
from apps.documents.naming import EntryNamer, entry_stem, printed_name_stem
from apps.onec.client import DocumentFile, DocumentInfo

INN = "5036012344"
PERIOD = {"date_from": date(2026, 6, 1), "date_to": date(2026, 6, 30)}


def _doc(type_: str, number: str = "48028") -> DocumentInfo:
    return DocumentInfo("id-1", type_, number, date(2026, 6, 11), 0, "", 10)


PDF = DocumentFile("x.pdf", "application/pdf", b"%PDF-1")


@pytest.mark.parametrize(
    ("language", "type_", "stem"),
    [
        ("ru", "Счёт на оплату", "Счёт на оплату 48028 от 11.06.2026"),
        ("en", "Счёт на оплату", "Invoice 48028 of 11.06.2026"),
        ("en", "УПД", "Universal transfer document 48028 of 11.06.2026"),
        ("en", "Сертификат качества", "Quality certificate 48028 of 11.06.2026"),
        ("en", "Реестр отгрузок", "Реестр отгрузок 48028 of 11.06.2026"),  # unknown: as 1C wrote it
        ("ru", "Реестр отгрузок", "Реестр отгрузок 48028 от 11.06.2026"),
    ],
)
def test_an_entry_is_named_in_the_active_language(language, type_, stem):
    with translation.override(language):
        assert entry_stem(_doc(type_)) == stem


def test_a_namer_for_a_language_names_in_it_whatever_language_is_active():
    with translation.override("ru"):
        name = EntryNamer(language="en").name(_doc("Акт", "27/26"), PDF)
    assert name == "2026-06-11 Acceptance act 27-26 of 11.06.2026.pdf"


@pytest.mark.parametrize(
    ("printed", "en"),
    [
        ("УПД 12345 от 05.11.2026", "Universal transfer document 12345 of 05.11.2026"),
        ("Сертификат качества СК-77-1 от 05.11.2026", "Quality certificate СК-77-1 of 05.11.2026"),
        ("Счет 123 от 05.02.2026", "Счет 123 от 05.02.2026"),  # 1C's printed-form word, not a type
        ("Протокол испытаний", "Протокол испытаний"),
    ],
)
def test_1cs_printed_form_name_with_a_known_type_is_translated(printed, en):
    with translation.override("en"):
        assert printed_name_stem(printed) == en
    with translation.override("ru"):
        assert printed_name_stem(printed) == printed


@pytest.mark.django_db(transaction=True)
def test_an_english_archive_names_its_entries_in_english(client_org, fake_onec):
    client_org.language = "en"
    client_org.save()
    fake_onec.add_document(INN, "Invoice", date(2026, 6, 11), number="48028", data=b"%PDF-a")
    fake_onec.add_document(INN, "Closing", date(2026, 6, 12), number="12/26", type="Реестр", data=b"%PDF-b")
    lost = fake_onec.add_document(INN, "Closing", date(2026, 6, 13), number="77", type="УПД")
    fake_onec.lose_document(lost.id)
    ids = [doc.id for doc in fake_onec.list_documents(INN, "Invoice", **PERIOD)]
    ids += [doc.id for doc in fake_onec.list_documents(INN, "Closing", **PERIOD)]

    with translation.override("ru"):  # the page's language is not the archive's
        services.document_request_create(
            client=client_org, kind=DocumentKind.SELECTED, email=client_org.email, document_ids=ids, **PERIOD
        )

    [message] = mail.outbox
    _filename, content, _mimetype = message.attachments[0]
    assert zipfile.ZipFile(io.BytesIO(content)).namelist() == [
        "2026-06-11 Invoice 48028 of 11.06.2026.pdf",
        "2026-06-12 Реестр 12-26 of 12.06.2026.pdf",
    ]
    assert "Universal transfer document No. 77 of 13.06.2026" in message.body  # the one 1C lost


@pytest.mark.django_db(transaction=True)
def test_a_russian_archive_keeps_1cs_types(client_org, fake_onec):
    fake_onec.add_document(INN, "Closing", date(2026, 6, 12), number="5", type="УПД", data=b"%PDF-b")
    with translation.override("en"):
        services.document_request_create(client=client_org, kind="Closing", email=client_org.email, **PERIOD)
    [message] = mail.outbox
    _filename, content, _mimetype = message.attachments[0]
    assert zipfile.ZipFile(io.BytesIO(content)).namelist() == ["2026-06-12 УПД 5 от 12.06.2026.pdf"]
