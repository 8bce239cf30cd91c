"""The open invoices as an XLSX an accountant can sum and filter: numbers are numbers, dates are
dates, with the client's name and the date of the figures above the table.

Text from outside (the organisation's name from the Excel import, invoice numbers from 1C) is
written as a text cell, never guessed: openpyxl takes any string starting with "=" for a formula,
and a name like `=HYPERLINK(...)` would run in the accountant's Excel (CSV/formula injection).
"""

from decimal import Decimal
from io import BytesIO

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from apps.clients.models import Client
from apps.settlements.selectors import SettlementsState

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RUBLES = '#,##0.00\\ "₽"'  # a real number with a ruble format: Excel still sums the column
DAY = "DD.MM.YYYY"
HEADER_ROW = 4
_OVERDUE_FILL = PatternFill("solid", fgColor="FDECEA")
# What spreadsheets start a formula with (OWASP's list); such text also gets Excel's quotePrefix,
# so it stays text when someone edits the cell, and still reads exactly as written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _columns() -> list[tuple[str, int]]:
    return [
        (_("Номер счёта"), 18),
        (_("Дата счёта"), 12),
        (_("Оплатить до"), 12),
        (_("Сумма"), 16),
        (_("Оплачено"), 16),
        (_("Осталось оплатить"), 18),
        (_("Дней просрочки"), 12),
    ]


def open_invoices_file_name(state: SettlementsState) -> str:
    return _("Неоплаченные счета на %(date)s.xlsx") % {"date": f"{state.settlements.on_date:%d.%m.%Y}"}


def open_invoices_xlsx(*, client: Client, state: SettlementsState) -> bytes:
    """The workbook's bytes; `state` must hold figures (state.settlements is not None)."""
    book = Workbook()
    sheet = book.active
    sheet.title = _("Неоплаченные счета")[:31]
    _put(sheet["A1"], client.name).font = Font(bold=True, size=13)
    taken = timezone.localtime(state.fetched_at)
    heading = _("Неоплаченные счета на %(date)s (данные 1С на %(taken)s)") % {
        "date": f"{state.settlements.on_date:%d.%m.%Y}",
        "taken": f"{taken:%d.%m.%Y %H:%M}",
    }
    _put(sheet["A2"], heading)
    for column, (title, width) in enumerate(_columns(), start=1):
        _put(sheet.cell(row=HEADER_ROW, column=column), title).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(column)].width = width
    for row_number, row in enumerate(state.invoices, start=HEADER_ROW + 1):
        invoice = row.invoice
        values = [invoice.number, invoice.date, invoice.due_date, invoice.amount, invoice.paid, row.outstanding]
        values.append(row.days_overdue)
        for column, value in enumerate(values, start=1):
            cell = _put(sheet.cell(row=row_number, column=column), value)
            cell.number_format = DAY if column in (2, 3) else RUBLES if column in (4, 5, 6) else cell.number_format
            if row.days_overdue:
                cell.fill = _OVERDUE_FILL
    _put_totals(sheet, row=HEADER_ROW + 1 + len(state.invoices), invoices=state.invoices)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _put_totals(sheet, *, row: int, invoices: list) -> None:
    """«Итого» under the table: the sums as numbers we computed (Decimal, exact to the kopeck),
    not formulas: a file previewed without Excel (a phone, a mail client) shows them too."""
    _put(sheet.cell(row=row, column=1), _("Итого")).font = Font(bold=True)
    sums = {
        4: sum((r.invoice.amount for r in invoices), Decimal(0)),
        5: sum((r.invoice.paid for r in invoices), Decimal(0)),
        6: sum((r.outstanding for r in invoices), Decimal(0)),
    }
    for column, value in sums.items():
        cell = _put(sheet.cell(row=row, column=column), value)
        cell.number_format = RUBLES
        cell.font = Font(bold=True)


def _put(cell: Cell, value: object) -> Cell:
    """The value into the cell, a string always as text (see the module's docstring)."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # after the value: assigning "=…" has just made it "f"
        if value.startswith(_FORMULA_START):
            cell.quotePrefix = True
    return cell
