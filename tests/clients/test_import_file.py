"""Whole-file problems are refused with one clear message, and nothing changes."""

import io

import pytest
from openpyxl import Workbook

from apps.clients.importing import ImportFileError, clients_import
from apps.clients.models import Client
from tests.clients.conftest import INN_A
from tests.clients.xlsx import with_parts, workbook_bytes

pytestmark = pytest.mark.django_db


def _refused(data: bytes) -> str:
    with pytest.raises(ImportFileError) as caught:
        clients_import(data=data)
    assert not Client.objects.exists()
    return caught.value.message


def _empty_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


def test_a_file_that_is_not_xlsx_is_refused():
    assert _refused("ИНН;Наименование\n5036012344;ООО\n".encode()) == "Это не файл Excel (.xlsx)."


def test_an_old_xls_file_is_refused_with_what_to_do():
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + "Workbook".encode("utf-16-le")
    assert _refused(ole) == "Это файл старого формата .xls: сохраните его в Excel как .xlsx."


def test_a_password_protected_workbook_is_refused():
    # Excel stores an encrypted workbook as an OLE container with an EncryptedPackage stream.
    ole = bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 504 + "EncryptedPackage".encode("utf-16-le")
    assert _refused(ole) == "Файл защищён паролем: снимите пароль в Excel и загрузите файл снова."


def test_a_damaged_workbook_is_refused():
    data = workbook_bytes([[INN_A, None, "ООО", "a@b.example", None]])
    assert _refused(data[: len(data) // 2]) == "Файл повреждён или это не книга Excel (.xlsx)."


def test_a_zip_that_is_not_a_workbook_is_refused():
    buffer = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert _refused(buffer.getvalue()) == "Файл повреждён или это не книга Excel (.xlsx)."


def test_a_workbook_with_a_broken_part_is_refused():
    data = workbook_bytes([[INN_A, None, "ООО", "a@b.example", None]])
    broken = with_parts(data, {"xl/styles.xml": b"<styleSheet><fonts></styleSheet>"})
    assert _refused(broken) == "Файл повреждён или это не книга Excel (.xlsx)."


def test_an_empty_sheet_is_refused():
    assert _refused(_empty_workbook()) == "В файле нет данных: лист пуст."


def test_a_sheet_without_a_recognisable_header_is_refused():
    data = workbook_bytes([[INN_A, "ООО", "a@b.example"]], header=["Код", "Организация?", "Почтовый ящик"])
    assert _refused(data) == (
        "Не найдена строка заголовка: нужны столбцы «ИНН», «Наименование» и «Email» (по-русски или по-английски)."
    )


def test_a_header_missing_a_required_column_names_it():
    data = workbook_bytes([[INN_A, "ООО"]], header=["ИНН", "Наименование"])
    assert _refused(data) == "В строке заголовка нет столбцов: «Email»."


def test_a_header_without_rows_is_refused():
    data = workbook_bytes([])
    assert _refused(data) == "Под строкой заголовка нет ни одной строки с данными."
