"""The import's own xlsx reader gives what openpyxl's read-only mode gives (data_only=True).

The import was built on openpyxl and its messages and fixes were written against its values;
the reader that replaced it (apps/clients/importing/sheetxml.py) parses the sheet once, in the
pass that counts it. Each workbook here is read by both, and every non-empty cell must agree:
type, value, column and row number.
"""

import io
import zipfile
from datetime import date, datetime, time, timedelta

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from apps.clients.importing import ImportFileError, clients_import
from apps.clients.importing.book import open_book
from tests.clients.conftest import INN_A
from tests.clients.xlsx import HEADER, MAIN_NS, row_xml, streamed_workbook, with_parts, workbook_bytes

Sheets = list[tuple[str, list[tuple[int, dict[int, object]]]]]


def _ours(data: bytes) -> Sheets:
    with open_book(data) as book:
        return [(title, _non_empty(book.rows(part))) for title, part in book.sheets]


def _openpyxl(data: bytes) -> Sheets:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheets = []
    for sheet in workbook.worksheets:
        sheet.reset_dimensions()
        rows = enumerate(sheet.iter_rows(values_only=True), start=1)
        sheets.append((sheet.title, _non_empty((number, dict(enumerate(values, start=1))) for number, values in rows)))
    workbook.close()
    return sheets


def _non_empty(rows) -> list[tuple[int, dict[int, object]]]:
    found = []
    for number, cells in rows:
        present = {column: value for column, value in cells.items() if value is not None}
        if present:
            found.append((number, present))
    return found


def _typed(sheets: Sheets) -> list:
    """Values with their types: 1 == 1.0 == True in Python, not in a spreadsheet."""
    return [
        (title, [(number, {column: (type(v).__name__, v) for column, v in cells.items()}) for number, cells in rows])
        for title, rows in sheets
    ]


def _same_as_openpyxl(data: bytes) -> Sheets:
    ours = _ours(data)
    assert _typed(ours) == _typed(_openpyxl(data))
    return ours


def _saved(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _excel_like_workbook() -> Workbook:
    """Shared strings, styles with date formats and two sheets, as a normal save writes them."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Клиенты"
    sheet.append(["ИНН", "Когда", "Сумма", "Да/нет", "Текст"])
    sheet.append([105012349, datetime(2026, 11, 28, 9, 30), 1234.5, True, "ООО «Рога & копыта» <x>"])
    sheet.append(["0105012349", date(2026, 1, 1), -0.25, False, "  пробелы \n и\tтабуляция "])
    sheet.append([7728012340.0, time(13, 45, 10), 10**15, None, ""])
    sheet.append([None, timedelta(hours=30, minutes=5), 1e-7, None, "=не формула"])
    sheet["B7"], sheet["C7"], sheet["D7"] = 45000, 42, 46000.75
    sheet["B7"].number_format, sheet["C7"].number_format, sheet["D7"].number_format = (
        "dd.mm.yyyy",
        "0",
        "[$-419]d mmm yy",
    )
    sheet["A9"] = CellRichText(["ООО ", TextBlock(InlineFont(b=True), "«Жирное»"), " и хвост"])
    sheet["F12"] = "одинокая ячейка"
    other = workbook.create_sheet("Справочник")
    other.append(["Менеджер", "Телефон"])
    other.append(["Иванова", "+7 495 000-00-00"])
    return workbook


def test_a_workbook_as_excel_saves_it_reads_as_openpyxl_reads_it():
    sheets = _same_as_openpyxl(_saved(_excel_like_workbook()))
    assert [title for title, _ in sheets] == ["Клиенты", "Справочник"]
    first = dict(sheets[0][1])
    assert first[3][2] == datetime(2026, 1, 1)  # a date is a datetime, as openpyxl gives it
    assert first[5][2] == timedelta(hours=30, minutes=5)
    assert first[7] == {2: datetime(2023, 3, 15), 3: 42, 4: datetime(2025, 12, 9, 18, 0)}
    assert first[9] == {1: "ООО «Жирное» и хвост"}


def test_dates_of_a_1904_workbook_read_as_openpyxl_reads_them():
    workbook = _excel_like_workbook()
    workbook.epoch = CALENDAR_MAC_1904
    _same_as_openpyxl(_saved(workbook))


def test_cells_and_rows_without_numbers_follow_the_ones_before_them():
    rows = [
        row_xml(1, HEADER),
        b'<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c><c r="E3"><v>3</v></c><c><v>4</v></c></row>',
        b"<row><c><v>5</v></c></row>",  # row 4, column A
        b'<row r="4"><c r="A4"><v>6</v></c></row>',  # a row number already read: dropped, as openpyxl does
        b'<row r="2"><c r="A2"><v>7</v></c></row>',
        b'<row r="9" spans="1:2" ht="20" customHeight="1"><c r="b9"><v>8</v></c></row>',
    ]
    buffer = io.BytesIO()
    streamed_workbook(buffer, iter(rows))
    sheets = _same_as_openpyxl(buffer.getvalue())
    assert sheets[0][1][1:] == [(3, {2: 1, 3: 2, 5: 3, 6: 4}), (4, {1: 5}), (9, {2: 8})]


def test_every_kind_of_cell_reads_as_openpyxl_reads_it():
    strings = [
        b"<si><t>plain</t></si>",
        b"<si><r><t>run </t></r><r><rPr><b/></rPr><t>and run</t></r></si>",
        b'<si><t xml:space="preserve"> kana </t><rPh sb="0" eb="1"><t>phonetic, left out</t></rPh></si>',
        b"<si><t>a_x005F_x000D_b</t></si>",
        b"<si/>",
    ]
    cells = (
        '<c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c>'
        '<c r="D2" t="s"><v>3</v></c><c r="E2" t="s"><v>4</v></c>'
        '<c r="A3" t="b"><v>1</v></c><c r="B3" t="b"><v>0</v></c><c r="C3" t="e"><v>#N/A</v></c>'
        '<c r="D3" t="str"><f>A1&amp;"x"</f><v>кэш</v></c><c r="E3" t="d"><v>2026-11-28T10:20:30</v></c>'
        '<c r="A4"><v>007</v></c><c r="B4"><v>1.50</v></c><c r="C4"><v>2E3</v></c><c r="D4"><v></v></c><c r="E4"/>'
        '<c r="A5" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c>'
        '<c r="B5" t="inlineStr"><is><t>one</t><t>two</t></is></c><c r="C5" t="inlineStr"/>'
        '<c r="D5" t="inlineStr"><is><t/></is></c><c r="E5" t="n"><f>1+1</f><v>2</v></c>'
    )
    rows = [row_xml(1, HEADER), *(f'<row r="{n}">{part}</row>'.encode() for n, part in _rows_of(cells))]
    buffer = io.BytesIO()
    streamed_workbook(buffer, iter(rows), strings=iter(strings))
    sheets = _same_as_openpyxl(buffer.getvalue())
    assert dict(sheets[0][1])[2] == {1: "plain", 2: "run and run", 3: " kana ", 4: "a_x000D_b", 5: ""}


def _rows_of(cells: str) -> list[tuple[int, str]]:
    by_row: dict[int, str] = {}
    for cell in cells.split("<c r=")[1:]:
        number = int("".join(ch for ch in cell.split('"')[1] if ch.isdigit()))
        by_row[number] = by_row.get(number, "") + "<c r=" + cell
    return sorted(by_row.items())


@pytest.mark.django_db
def test_the_header_may_be_on_a_later_sheet():
    workbook = Workbook()
    workbook.active.append(["Инструкция: клиенты на втором листе"])
    sheet = workbook.create_sheet("Клиенты")
    sheet.append(HEADER)
    sheet.append([INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None])
    report = clients_import(data=_saved(workbook), dry_run=True)
    assert (report.sheet_title, report.counts["new"]) == ("Клиенты", 1)


@pytest.mark.django_db
def test_a_chart_sheet_is_skipped():
    # (openpyxl 3.1.5 itself fails on a chart sheet without a drawing, as it writes one.)
    workbook = load_workbook(io.BytesIO(workbook_bytes([[INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None]])))
    workbook.create_chartsheet("Диаграмма", 0)
    report = clients_import(data=_saved(workbook), dry_run=True)
    assert (report.sheet_title, report.counts["new"]) == ("Клиенты", 1)


@pytest.mark.django_db
def test_sheets_after_the_one_with_the_header_are_not_read():
    # Only the sheet with the header is parsed to its end: a broken one after it costs nothing.
    data = workbook_bytes([[INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None]])
    workbook = load_workbook(io.BytesIO(data))
    workbook.create_sheet("Черновик").append(["x"])
    data = with_parts(_saved(workbook), {"xl/worksheets/sheet2.xml": f'<worksheet xmlns="{MAIN_NS}"><sheetData>'})
    assert clients_import(data=data, dry_run=True).counts["new"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A2" t="s"><v>7</v></c>',  # no such shared string
        '<c r="A2"><v>12abc</v></c>',
        '<c r="A2" t="b"><v>yes</v></c>',
        '<c r="2A"><v>1</v></c>',
        '<c r="$A$2"><v>1</v></c>',
    ],
    ids=["string-index", "number", "boolean", "reference", "absolute-reference"],
)
def test_a_cell_excel_would_not_write_makes_the_file_unreadable(cell):
    buffer = io.BytesIO()
    streamed_workbook(buffer, iter([row_xml(1, HEADER), f'<row r="2">{cell}</row>'.encode()]), strings=iter([]))
    with pytest.raises(ImportFileError) as caught:
        clients_import(data=buffer.getvalue(), dry_run=True)
    assert caught.value.message == "Файл повреждён: его не удалось прочитать до конца."


@pytest.mark.django_db
def test_a_sheet_cut_short_makes_the_file_unreadable():
    data = workbook_bytes([[INN_A, None, "ООО «Профкерамика»", "buh@pk.example", None]])
    sheet = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml")
    cut = with_parts(data, {"xl/worksheets/sheet1.xml": sheet[: sheet.index(b"</sheetData>")]})
    with pytest.raises(ImportFileError) as caught:
        clients_import(data=cut, dry_run=True)
    assert caught.value.message == "Файл повреждён: его не удалось прочитать до конца."
