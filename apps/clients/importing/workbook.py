"""Reading a client list workbook: find the header, then hand out the rows under it one by one.

A whole-file problem raises ImportFileError with the one message staff see; nothing is read
further and nothing changes. Every part is checked as it is parsed (book.py), and rows stream:
only the ones of the chunk being read are in memory, and reading stops at the row limit.
"""

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from apps.clients.importing import limits
from apps.clients.importing.book import Book, SheetRows, open_book
from apps.clients.importing.errors import ImportFileError

# Header spellings, compared after dropping case, spaces and punctuation ("E-mail" → "email").
COLUMNS: dict[str, set[str]] = {
    "inn": {"инн", "inn"},
    "kpp": {"кпп", "kpp"},
    "name": {"наименование", "name", "названиеорганизации", "наименованиеорганизации", "организация", "company"},
    "email": {"email", "электроннаяпочта", "эпочта", "почта"},
    "phone": {"телефон", "phone", "тел", "telephone"},
}
REQUIRED = ("inn", "name", "email")
COLUMN_TITLES = {
    "inn": _("ИНН"),
    "kpp": _("КПП"),
    "name": _("Наименование"),
    "email": "Email",
    "phone": _("Телефон"),
}

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# A password-protected xlsx is an OLE container holding this stream instead of a zip.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
# A sheet that cannot be read to its end: not XML to its end, or a cell that is not what Excel writes
# (sheetxml.SheetReadError, xmlscan.NotWellFormed).
_READ_ERRORS = (zipfile.BadZipFile, OSError, ValueError)

__all__ = ["ImportFileError", "Sheet", "SheetRow", "read_sheet"]


@dataclass(slots=True)
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, object]


class Sheet:
    """The sheet with the header. Its rows are read as they are iterated, once."""

    def __init__(self, title: str, header_row: int, columns: dict[str, int], rows: SheetRows) -> None:
        self.title, self.header_row, self.columns = title, header_row, columns  # columns: 1 for A
        self._rows = rows
        self.empty_rows = 0  # known once the rows are read

    def __iter__(self) -> Iterator[SheetRow]:
        found = False
        blank_run = 0
        last = self.header_row
        columns = self.columns.items()
        try:
            for number, values in self._rows:
                if number - self.header_row > limits.MAX_ROWS:
                    raise limits.too_many_rows()
                blank_run += number - last - 1  # rows missing from the file are blank ones
                last = number
                cells = {key: values.get(column) for key, column in columns}
                if any(_present(value) for value in cells.values()):
                    # Blank rows count only between clients: those after the last one are formatting.
                    self.empty_rows, blank_run, found = self.empty_rows + blank_run, 0, True
                    yield SheetRow(number=number, cells=cells)
                else:
                    blank_run += 1
        except _READ_ERRORS as error:
            raise ImportFileError(_("Файл повреждён: его не удалось прочитать до конца.")) from error
        if not found:
            raise ImportFileError(_("Под строкой заголовка нет ни одной строки с данными."))


@contextmanager
def read_sheet(data: bytes) -> Iterator[Sheet]:
    """The first sheet with a recognisable header; the workbook stays open while it is read."""
    limits.check_file_size(len(data))
    _check_format(data)
    with open_book(data) as book:
        yield _find_sheet(book)


def _find_sheet(book: Book) -> Sheet:
    found_content = False
    try:
        for title, part in book.sheets:
            sheet, had_content = _read_worksheet(title, book.rows(part))
            if sheet is not None:
                return sheet
            found_content = found_content or had_content
    except _READ_ERRORS as error:
        raise ImportFileError(_("Файл повреждён: его не удалось прочитать до конца.")) from error
    if not found_content:
        raise ImportFileError(_("В файле нет данных: лист пуст."))
    raise ImportFileError(
        _("Не найдена строка заголовка: нужны столбцы «ИНН», «Наименование» и «Email» (по-русски или по-английски).")
    )


def _check_format(data: bytes) -> None:
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ImportFileError(_("Файл защищён паролем: снимите пароль в Excel и загрузите файл снова."))
        raise ImportFileError(_("Это файл старого формата .xls: сохраните его в Excel как .xlsx."))
    if not data.startswith(_ZIP_MAGIC):
        raise ImportFileError(_("Это не файл Excel (.xlsx)."))


def _read_worksheet(title: str, rows: SheetRows) -> tuple[Sheet | None, bool]:
    had_content = False
    for number, values in rows:
        if number > limits.HEADER_SEARCH_ROWS:
            break
        had_content = had_content or any(_present(value) for value in values.values())
        columns = _header_columns(values)
        if "inn" in columns and len(columns) >= 2:
            _check_required(columns)
            rows.only(columns.values())
            return Sheet(title, number, columns, rows), True
    rows.close()
    return None, had_content


def _header_columns(values: dict[int, object]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for column in sorted(values):
        key = _column_key(values[column])
        if key and key not in columns:
            columns[key] = column
    return columns


def _column_key(value) -> str | None:
    if not isinstance(value, str):
        return None
    text = "".join(ch for ch in value.casefold() if ch.isalnum())
    return next((key for key, names in COLUMNS.items() if text in names), None)


def _check_required(columns: dict[str, int]) -> None:
    missing = [str(COLUMN_TITLES[key]) for key in REQUIRED if key not in columns]
    if missing:
        raise ImportFileError(
            _("В строке заголовка нет столбцов: %(columns)s.") % {"columns": ", ".join(f"«{m}»" for m in missing)}
        )


def _present(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
