"""«Скачать образец»: a client list the import reads, made at request time in the request's language.

The header is the importer's own spelling of each column (workbook.COLUMN_TITLES), so the sample
and the reader cannot drift apart; the example row passes every check of the import.
"""

from io import BytesIO

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from apps.clients.importing.workbook import COLUMN_TITLES

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_ORDER = ("inn", "kpp", "name", "email", "phone")
_WIDTHS = {"A": 14, "B": 12, "C": 36, "D": 30, "E": 20}
_TEXT = "@"  # Excel's text format: an INN typed here keeps its leading zero


def import_sample_name() -> str:
    return _("Образец списка клиентов.xlsx")


def import_sample_xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Клиенты")
    sheet.append([str(COLUMN_TITLES[key]) for key in _ORDER])
    # A checksum-valid INN of region 00, which no real organisation has, with the leading zeros
    # that only a text cell keeps.
    sheet.append(["0012345673", "001201001", _("ООО «Пример»"), "buh@primer.example", "+7 495 123-45-67"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for letter, width in _WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    for column in ("A", "B"):
        for cell in sheet[column]:
            cell.number_format = _TEXT
    sheet.freeze_panes = "A2"
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
