"""Reading a client list workbook: find the header, return the rows under it.

A whole-file problem raises ImportFileError with the one message staff see; nothing is read
further and nothing changes.
"""

import io
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import ParseError

from django.utils.translation import gettext_lazy as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

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
# A title, a date line and a blank line above the header are common; twenty rows is generous.
HEADER_SEARCH_ROWS = 20

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")
# A password-protected xlsx is an OLE container holding this stream instead of a zip.
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


class ImportFileError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class SheetRow:
    number: int  # the row number Excel shows
    cells: dict[str, object]


@dataclass
class Sheet:
    title: str
    header_row: int
    columns: dict[str, int]
    rows: list[SheetRow]
    empty_rows: int


def read_sheet(data: bytes) -> Sheet:
    """The first sheet with a recognisable header, with its non-empty rows."""
    workbook = _open(data)
    try:
        found_content = False
        for worksheet in workbook.worksheets:
            worksheet.reset_dimensions()  # some writers store wrong dimensions; read what is there
            sheet, had_content = _read_worksheet(worksheet)
            if sheet is not None:
                return sheet
            found_content = found_content or had_content
    except (zipfile.BadZipFile, KeyError, ParseError, OSError, ValueError) as error:
        raise ImportFileError(_("Файл повреждён: его не удалось прочитать до конца.")) from error
    finally:
        workbook.close()
    if not found_content:
        raise ImportFileError(_("В файле нет данных: лист пуст."))
    raise ImportFileError(
        _("Не найдена строка заголовка: нужны столбцы «ИНН», «Наименование» и «Email» (по-русски или по-английски).")
    )


def _open(data: bytes):
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise ImportFileError(_("Файл защищён паролем: снимите пароль в Excel и загрузите файл снова."))
        raise ImportFileError(_("Это файл старого формата .xls: сохраните его в Excel как .xlsx."))
    if not data.startswith(_ZIP_MAGIC):
        raise ImportFileError(_("Это не файл Excel (.xlsx)."))
    try:
        # data_only: a formula's value as Excel last computed it, not the formula text.
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, ParseError, OSError, ValueError, TypeError) as error:
        raise ImportFileError(_("Файл повреждён или это не книга Excel (.xlsx).")) from error


def _read_worksheet(worksheet) -> tuple[Sheet | None, bool]:
    rows = worksheet.iter_rows(values_only=True)
    had_content = False
    for number, values in enumerate(rows, start=1):
        if number > HEADER_SEARCH_ROWS:
            break
        had_content = had_content or any(_present(value) for value in values)
        columns = _header_columns(values)
        if "inn" in columns and len(columns) >= 2:
            _check_required(columns)
            return _data_rows(worksheet.title, number, columns, rows), True
    return None, had_content


def _header_columns(values) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, value in enumerate(values):
        key = _column_key(value)
        if key and key not in columns:
            columns[key] = index
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


def _data_rows(title: str, header_row: int, columns: dict[str, int], rows) -> Sheet:
    result: list[SheetRow] = []
    empty = blank_run = 0
    for number, values in enumerate(rows, start=header_row + 1):
        cells = {key: values[index] if index < len(values) else None for key, index in columns.items()}
        if any(_present(value) for value in cells.values()):
            # Blank rows count only between clients: those after the last one are formatting.
            empty, blank_run = empty + blank_run, 0
            result.append(SheetRow(number=number, cells=cells))
        else:
            blank_run += 1
    if not result:
        raise ImportFileError(_("Под строкой заголовка нет ни одной строки с данными."))
    return Sheet(title=title, header_row=header_row, columns=columns, rows=result, empty_rows=empty)


def _present(value) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())
