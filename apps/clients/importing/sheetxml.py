"""A worksheet's rows and the shared strings, read in the same expat pass that counts them.

Values come out as openpyxl gives them with `data_only=True` (the import was first built on
openpyxl's read-only mode): numbers as int or float, shared and inline strings as text without
their formatting, booleans, a formula's cached value, an error as its text ("#N/A"), and a
number in a date format as a datetime. A row is a dict of its cells' values by column (1 for A),
handed out with its row number; rows are numbered as openpyxl numbers them (`r`, or one more
than the last), and a row numbered at or before one already read is dropped, as openpyxl does.
"""

import re
from datetime import datetime
from functools import lru_cache

from apps.clients.importing.xmlscan import MAIN, ROW, STRING, Counts, XmlScan

_C, _V, _IS, _T, _R = (f"{MAIN} {name}" for name in ("c", "v", "is", "t", "r"))
_CELL_REF = re.compile(r"([A-Za-z]{1,3})\d+")  # as openpyxl takes it: "b9" yes, "$B$9" no
# Excel's built-in number formats that are dates or times (openpyxl's BUILTIN_FORMATS 14–22, 45–47).
_BUILTIN_DATES = {*range(14, 23), 45, 46, 47}
_BUILTIN_TIMEDELTA = {46}  # [h]:mm:ss
_WINDOWS_EPOCH, _MAC_EPOCH = datetime(1899, 12, 30), datetime(1904, 1, 1)


class SheetReadError(ValueError):
    """A worksheet that cannot be read to its end: a cell or a row that is not what Excel writes."""


class StringsScan(XmlScan):
    """The shared strings part: every `<si>`'s text, its runs joined, phonetic hints left out."""

    strict = True

    def __init__(self, part: str, counts: Counts) -> None:
        super().__init__(part, counts)
        self.strings: list[str] = []
        self.plain: list[str] | None = None
        self.runs: list[str] = []
        self.collect: list[str] | None = None
        self.in_run = False

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        XmlScan._start(self, name, attrs)
        depth = self.depth
        if depth == 1 and name == STRING:
            self.plain, self.runs = None, []
        elif depth == 2:
            self.in_run = name == _R
            if name == _T:
                self.plain = self.collect = []  # a second <t> replaces the first, as in openpyxl
        elif depth == 3 and self.in_run and name == _T:
            self.collect = self.runs

    def _end(self, name: str) -> None:
        depth = self.depth
        XmlScan._end(self, name)
        if depth == 1 and name == STRING:
            text = "".join(self.plain or ()) + "".join(self.runs)
            self.strings.append(text.replace("x005F_", ""))
        elif name == _T:
            self.collect = None

    def _text(self, data: str) -> None:
        XmlScan._text(self, data)
        if self.collect is not None:
            self.collect.append(data)


class SheetScan(XmlScan):
    """A worksheet: its rows, as (number, {column: value}), collected until `take()` hands them out."""

    strict = True

    def __init__(self, part: str, counts: Counts, *, strings: list[str], styles: "DateStyles") -> None:
        super().__init__(part, counts)
        self.strings, self.styles = strings, styles
        self.columns: set[int] | None = None  # the columns to read; None: all
        self.read: list[tuple[int, dict[int, object]]] = []
        self.number = self.next_number = 0
        self.cells: dict[int, object] = {}
        self.column = 0
        self.cell: tuple[int, str, str] | None = None  # column, type, style of a cell being read
        self.value: list[str] | None = None
        self.inline: list[str] | None = None
        self.plain: list[str] | None = None
        self.collect: list[str] | None = None
        self.in_run = False

    def take(self) -> list[tuple[int, dict[int, object]]]:
        read, self.read = self.read, []
        return read

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        XmlScan._start(self, name, attrs)
        depth = self.depth
        if depth == 2:
            if name == _C:
                self._begin_cell(attrs)
        elif depth == 3:
            if self.cell is not None:
                if name == _V and self.value is None:
                    self.value = self.collect = []
                elif name == _IS:
                    self.inline, self.plain = [], None
        elif depth == 1:
            if name == ROW:
                self._begin_row(attrs)
        elif self.inline is not None:
            if depth == 4:
                self.in_run = name == _R
                if name == _T:
                    self.plain = self.collect = []
            elif depth == 5 and self.in_run and name == _T:
                self.collect = self.inline

    def _end(self, name: str) -> None:
        depth = self.depth
        XmlScan._end(self, name)
        self.collect = None
        if depth == 2:
            if name == _C:
                if self.cell is not None:
                    self._end_cell()
                self.value = self.inline = self.plain = None
        elif depth == 1:
            if name == ROW:
                if self.number >= self.next_number:
                    self.read.append((self.number, self.cells))
                    self.next_number = self.number + 1
                self.cells = {}

    def _text(self, data: str) -> None:
        XmlScan._text(self, data)
        if self.collect is not None:
            self.collect.append(data)

    def _begin_row(self, attrs: dict[str, str]) -> None:
        if "r" in attrs:
            self.number = _row_number(attrs["r"])
        else:
            self.number += 1
        self.column = 0
        self.cells = {}

    def _begin_cell(self, attrs: dict[str, str]) -> None:
        ref = attrs.get("r")
        self.column = _column(ref) if ref else self.column + 1
        self.value = self.inline = self.plain = None
        if self.columns is None or self.column in self.columns:
            self.cell = (self.column, attrs.get("t", "n"), attrs.get("s"))

    def _end_cell(self) -> None:
        column, kind, style = self.cell
        self.cell = None
        if kind == "inlineStr":
            value = None if self.inline is None else "".join(self.plain or ()) + "".join(self.inline)
        else:
            value = "".join(self.value) if self.value else None
            if value:
                value = self._convert(value, kind, style)
        self.cells[column] = value

    def _convert(self, text: str, kind: str, style: str | None) -> object:
        try:
            if kind == "n":
                number = float(text) if "." in text or "e" in text or "E" in text else int(text)
                return self.styles.convert(number, int(style)) if style and self.styles.dates else number
            if kind == "s":
                return self.strings[int(text)]
            if kind == "b":
                return bool(int(text))
            if kind == "d":
                return _iso_datetime(text)
        except (ValueError, IndexError, OverflowError) as error:
            raise SheetReadError(f"{self.part}: cell {kind!r} {text[:40]!r}") from error
        return text  # "str" (a formula's text), "e" (an error such as #N/A), or anything else


class DateStyles:
    """Which cell styles show a number as a date (styles.xml), and the workbook's epoch."""

    def __init__(self, custom: dict[int, str], xf_formats: list[int], *, mac_epoch: bool = False) -> None:
        # xf_formats[style] is the number format of cell style `style`; custom codes override built-in ones.
        self.dates: set[int] = set()
        self.timedelta: set[int] = set()
        for style, number in enumerate(xf_formats):
            code = custom.get(number)
            if code is None:
                is_date, is_timedelta = number in _BUILTIN_DATES, number in _BUILTIN_TIMEDELTA
            else:
                is_date, is_timedelta = _is_date_format(code), _is_timedelta(code)
            if is_date:
                self.dates.add(style)
            if is_timedelta:
                self.timedelta.add(style)
        self.epoch = _MAC_EPOCH if mac_epoch else _WINDOWS_EPOCH

    def convert(self, number: int | float, style: int) -> object:
        if style not in self.dates:
            return number
        from openpyxl.utils.datetime import from_excel  # openpyxl takes a tenth of a second to import

        try:
            return from_excel(number, self.epoch, timedelta=style in self.timedelta)
        except (OverflowError, ValueError):
            return "#VALUE!"  # as openpyxl reads a date out of range


# Codes come from uploaded files: remember a few, not every one ever seen by a web worker.
@lru_cache(maxsize=256)
def _is_date_format(code: str) -> bool:
    if not re.search("[dmhysDMHYS]", code):  # the common "0", "#,##0.00", "@": no need for openpyxl
        return False
    from openpyxl.styles.numbers import is_date_format

    return is_date_format(code)


@lru_cache(maxsize=256)
def _is_timedelta(code: str) -> bool:
    if "[" not in code:
        return False
    from openpyxl.styles.numbers import is_timedelta_format

    return is_timedelta_format(code)


def _iso_datetime(text: str) -> object:
    from openpyxl.utils.datetime import from_ISO8601

    return from_ISO8601(text)


def _row_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        number = float(text)  # a ValueError here is a damaged sheet, as in openpyxl
        if not number.is_integer():
            raise SheetReadError(f"row number {text[:40]!r}") from None
        return int(number)


@lru_cache(maxsize=4096)
def _column_of_letters(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _column(ref: str) -> int:
    match = _CELL_REF.fullmatch(ref)
    if match is None:
        raise SheetReadError(f"cell reference {ref[:40]!r}")
    return _column_of_letters(match[1])
