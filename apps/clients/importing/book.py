"""The workbook's structure: its sheets in order, its shared strings and date styles.

Every part is counted before anything in it is kept (xmlscan.py). Opening the book scans the
package's relationships, the workbook part, the styles and the shared strings, reading them in
the same pass, then every other part (nothing reads those, but no part passes unscanned); a sheet
is scanned while its rows are read, so the largest part is parsed once.
"""

import posixpath
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass

from apps.clients.importing.package import open_package, scan_part, scan_whole
from apps.clients.importing.sheetxml import DateStyles, SheetScan, StringsScan
from apps.clients.importing.xmlscan import MAIN, Counts, NotWellFormed, RecordScan, XmlScan, damaged

_RELATIONSHIP = "http://schemas.openxmlformats.org/package/2006/relationships Relationship"
_R_ID = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
_SHEET, _SHEETS, _WORKBOOK_PR = f"{MAIN} sheet", f"{MAIN} sheets", f"{MAIN} workbookPr"
_NUM_FMT, _NUM_FMTS, _XF, _CELL_XFS = f"{MAIN} numFmt", f"{MAIN} numFmts", f"{MAIN} xf", f"{MAIN} cellXfs"


@dataclass
class Book:
    archive: zipfile.ZipFile
    sheets: list[tuple[str, zipfile.ZipInfo]]  # title and part, in the workbook's order
    strings: list[str]
    styles: DateStyles
    counts: Counts

    def rows(self, part: zipfile.ZipInfo) -> "SheetRows":
        return SheetRows(self, part)


class SheetRows:
    """A sheet's rows as (number, {column: value}), read as they are iterated, once."""

    def __init__(self, book: Book, part: zipfile.ZipInfo) -> None:
        self._scan = SheetScan(part.filename, book.counts, strings=book.strings, styles=book.styles)
        self._rows = self._read(scan_part(book.archive, part, self._scan))

    def only(self, columns: Iterable[int]) -> None:
        """Read only these columns from here on: the others are counted, not converted."""
        self._scan.columns = set(columns)

    def __iter__(self) -> Iterator[tuple[int, dict[int, object]]]:
        return self._rows

    def close(self) -> None:
        self._rows.close()

    def _read(self, feeding: Iterator[None]) -> Iterator[tuple[int, dict[int, object]]]:
        with closing(feeding):
            for _ in feeding:
                yield from self._scan.take()


@contextmanager
def open_book(data: bytes) -> Iterator[Book]:
    """The workbook, every part but its sheets scanned; ImportFileError for a whole-file problem."""
    with open_package(data) as archive:
        yield _Opening(archive).book()


class _Opening:
    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive, self.counts = archive, Counts()
        self.parts = {part.filename: part for part in archive.infolist()}
        self.scanned: set[str] = set()

    def book(self) -> Book:
        package = self._relationships("")
        workbook = next((path for type_, path in package.values() if type_.endswith("/officeDocument")), None)
        if workbook not in self.parts:
            raise damaged()
        found = self._record(workbook, {_SHEET: _SHEETS, _WORKBOOK_PR: None})
        mac_epoch = any(name == _WORKBOOK_PR and attrs.get("date1904") in ("1", "true") for name, attrs in found)
        related = self._relationships(workbook)
        sheets = []
        for name, attrs in found:
            type_, path = related.get(attrs.get(_R_ID), ("", ""))
            # As openpyxl: a sheet whose part is missing is skipped; chart sheets hold no cells.
            if name == _SHEET and path in self.parts and "chartsheet" not in type_:
                sheets.append((attrs.get("name", ""), self.parts[path]))
        strings = self._strings(_first(related, "/sharedStrings"))
        styles = self._styles(_first(related, "/styles"), mac_epoch=mac_epoch)
        sheet_parts = {part.filename for _, part in sheets}
        for name, part in self.parts.items():
            if name not in self.scanned and name not in sheet_parts:
                scan_whole(self.archive, part, XmlScan(name, self.counts))
        return Book(self.archive, sheets, strings, styles, self.counts)

    def _relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """The relationships of a part ("" for the package): id → (type, path in the zip)."""
        folder, name = posixpath.split(source)
        found = self._record(posixpath.join(folder, "_rels", f"{name}.rels"), {_RELATIONSHIP: None})
        related = {}
        for _, attrs in found:
            target = attrs.get("Target", "")
            if attrs.get("TargetMode") == "External" or not target:
                continue
            path = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            related[attrs.get("Id", "")] = (attrs.get("Type", ""), path)
        return related

    def _record(self, path: str, wanted: dict[str, str | None]) -> list[tuple[str, dict[str, str]]]:
        if path not in self.parts:
            raise damaged()
        scan = RecordScan(path, self.counts, wanted)
        self._scan(path, scan)
        return scan.found

    def _strings(self, path: str | None) -> list[str]:
        if path not in self.parts:
            return []
        scan = StringsScan(path, self.counts)
        self._scan(path, scan)
        return scan.strings

    def _styles(self, path: str | None, *, mac_epoch: bool) -> DateStyles:
        if path not in self.parts:
            return DateStyles({}, [], mac_epoch=mac_epoch)
        custom, formats = {}, []
        try:
            for name, attrs in self._record(path, {_NUM_FMT: _NUM_FMTS, _XF: _CELL_XFS}):
                if name == _NUM_FMT:
                    custom[int(attrs["numFmtId"])] = attrs.get("formatCode", "")
                else:
                    formats.append(int(attrs.get("numFmtId", 0)))
        except (KeyError, ValueError) as error:
            raise damaged() from error
        return DateStyles(custom, formats, mac_epoch=mac_epoch)

    def _scan(self, path: str, scan: XmlScan) -> None:
        try:
            scan_whole(self.archive, self.parts[path], scan)
        except NotWellFormed as error:
            raise damaged() from error
        self.scanned.add(path)


def _first(related: dict[str, tuple[str, str]], type_suffix: str) -> str | None:
    return next((path for type_, path in related.values() if type_.endswith(type_suffix)), None)
