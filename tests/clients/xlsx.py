"""Building client-list workbooks for the import tests."""

import io
import re
import zipfile

from openpyxl import Workbook

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
