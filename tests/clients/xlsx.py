"""Building client-list workbooks for the import tests."""

import io
import re
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

HEADER = ["ИНН", "КПП", "Наименование", "Email", "Телефон"]


def workbook_bytes(rows: list[list], *, header: list | None = None, above: list[list] = ()) -> bytes:
    """A workbook whose first sheet has `above` rows, the header, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Клиенты"
    for row in [*above, header or HEADER, *rows]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def valid_inn(n: int) -> str:
    """The n-th of a series of distinct organisation INNs with a right checksum."""
    prefix = f"{n + 100_000_000:09d}"
    weights = [2, 4, 10, 3, 5, 9, 4, 6, 8]
    return prefix + str(sum(int(d) * w for d, w in zip(prefix, weights, strict=True)) % 11 % 10)


def client_rows(count: int, *, start: int = 0, name: str = "ООО «Клиент {n}»", email: str = "buh{n}@c{n}.example"):
    """`count` valid rows under HEADER, for distinct clients numbered from `start`."""
    return [
        [valid_inn(n), None, name.format(n=n), email.format(n=n), f"+7 495 {n:07d}"]
        for n in range(start, start + count)
    ]


def with_cached_values(data: bytes, values: dict[str, str]) -> bytes:
    """Give formula cells the values Excel would have cached (openpyxl writes formulas without them)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for ref, value in values.items():
                    text = re.sub(
                        rf'<c r="{ref}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                        rf'<c r="{ref}" t="str"><f>\2</f><v>{value}</v>',
                        text,
                    )
                content = text.encode()
            target.writestr(item, content)
    return buffer.getvalue()


def with_parts(data: bytes, parts: dict[str, bytes], *, compress_type: int = zipfile.ZIP_DEFLATED) -> bytes:
    """The workbook with `parts` replaced or added, written with `compress_type`."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compress_type) as target:
        for item in source.infolist():
            if item.filename not in parts:
                target.writestr(item.filename, source.read(item.filename))
        for name, content in parts.items():
            target.writestr(name, content)
    return buffer.getvalue()


MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_PACKAGE_NS = "http://schemas.openxmlformats.org/package/2006"
_DOCUMENT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_SPREADSHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def streamed_workbook(
    target, rows: Iterable[bytes], *, strings: Iterable[bytes] | None = None, extra: dict[str, bytes] | None = None
) -> None:
    """Write a minimal xlsx whose sheet (and shared strings) XML comes from generators, as it is produced.

    Hostile files unpack to far more than a test should hold: a gigabyte of rows is deflated a
    megabyte at a time. `rows` and `strings` yield XML fragments (`row_xml`, `<si>…</si>`);
    `extra` adds parts as they are, e.g. a hand-made one to test the package checks.
    """
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _content_types(strings is not None))
        archive.writestr(
            "_rels/.rels", _relationships([("officeDocument", f"{_DOCUMENT_NS}/officeDocument", "xl/workbook.xml")])
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN_NS}" xmlns:r="{_DOCUMENT_NS}"><sheets>'
            '<sheet name="Клиенты" sheetId="1" r:id="sheet"/></sheets></workbook>',
        )
        parts = [("sheet", f"{_DOCUMENT_NS}/worksheet", "worksheets/sheet1.xml")]
        if strings is not None:
            parts.append(("strings", f"{_DOCUMENT_NS}/sharedStrings", "sharedStrings.xml"))
            _stream(archive, "xl/sharedStrings.xml", f'<sst xmlns="{MAIN_NS}">', strings, "</sst>")
        archive.writestr("xl/_rels/workbook.xml.rels", _relationships(parts))
        _stream(
            archive,
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{MAIN_NS}"><sheetData>',
            rows,
            "</sheetData></worksheet>",
        )
        for name, content in (extra or {}).items():
            archive.writestr(name, content)


class Shared(int):
    """A cell value that is the index of a shared string."""


def row_xml(number: int | None, values: list) -> bytes:
    """One `<row>`: numbers as numbers, text as inline strings; without a number, readers count on."""
    cells = []
    for column, value in enumerate(values, start=1):
        ref = f' r="{get_column_letter(column)}{number}"' if number else ""
        if isinstance(value, Shared):
            cells.append(f'<c{ref} t="s"><v>{value}</v></c>')
        elif isinstance(value, int):
            cells.append(f"<c{ref}><v>{value}</v></c>")
        elif value is not None:
            cells.append(f'<c{ref} t="inlineStr"><is><t>{escape(value)}</t></is></c>')
    number_attr = f' r="{number}"' if number else ""
    return f"<row{number_attr}>{''.join(cells)}</row>".encode()


def _stream(archive: zipfile.ZipFile, name: str, head: str, fragments: Iterable[bytes], tail: str) -> None:
    with archive.open(name, "w", force_zip64=True) as part:
        part.write(head.encode())
        buffer = bytearray()
        for fragment in fragments:
            buffer += fragment
            if len(buffer) >= 1 << 20:
                part.write(buffer)
                buffer.clear()
        part.write(buffer + tail.encode())


def _content_types(with_strings: bool) -> str:
    overrides = [("/xl/workbook.xml", "sheet.main"), ("/xl/worksheets/sheet1.xml", "worksheet")]
    if with_strings:
        overrides.append(("/xl/sharedStrings.xml", "sharedStrings"))
    return (
        f'<Types xmlns="{_PACKAGE_NS}/content-types">'
        f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(
            f'<Override PartName="{part}" ContentType="{_SPREADSHEET_TYPE}.{kind}+xml"/>' for part, kind in overrides
        )
        + "</Types>"
    )


def _relationships(parts: list[tuple[str, str, str]]) -> str:
    return (
        f'<Relationships xmlns="{_PACKAGE_NS}/relationships">'
        + "".join(f'<Relationship Id="{id_}" Type="{type_}" Target="{target}"/>' for id_, type_, target in parts)
        + "</Relationships>"
    )
