"""The xlsx as a zip of XML parts, checked before openpyxl opens it.

openpyxl trusts the package: it inflates some parts whole (styles, chart sheets, pictures),
keeps every shared string and the tree of every part but the sheets' rows, holds a whole row
while it reads it, and reads a sheet to its last row. So first the zip's own directory is
checked (declared sizes are enough: zipfile stops a member at its declared size and fails its
CRC if the member lied), then every XML part is streamed once through expat, counting what
openpyxl would keep. That pass costs about a tenth of openpyxl's own, in constant memory, and
stops at the first limit passed.
"""

import io
import struct
import zipfile
import zlib
from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _

from apps.clients.importing import limits
from apps.clients.importing.errors import ImportFileError

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# expat joins namespace and name with the separator given; openpyxl drops a row (and a shared
# string) once read only under exactly these names.
_ROW, _STRING = f"{_MAIN} row", f"{_MAIN} si"
# openpyxl keeps a row's attributes as its dimensions if it has more than these (and namespaced ones).
_ROW_KEPT_IF_MORE_THAN = {"r", "spans"}
_CHUNK = 64 * 1024
# What openpyxl keeps, in bytes on CPython 3.12, as measured: an element or an attribute, a
# character of text (4 for the widest strings), a shared string's own object beside its text.
_NODE_BYTES, _CHAR_BYTES, _STRING_BYTES = 300, 4, 100
# Names are interned once; only a name far longer than any in a workbook is counted as text.
_LONG_NAME = 128
_END_RECORD, _END_RECORD64, _LOCATOR64 = b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07"
# openpyxl parses some parts with lxml, which reads encodings expat does not: such a part must not pass unread.
_ENCODING_ERRORS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
}
# A central directory entry of a real workbook takes ~100 bytes; this allows names of 900.
_DIRECTORY_BYTES_PER_PART = 1024


def check_package(data: bytes) -> None:
    """Refuse a zip that would cost openpyxl too much memory or time; ImportFileError says why."""
    _check_directory_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise damaged() from error
    with archive:
        parts = archive.infolist()
        _check_parts(parts)
        counts = _Counts()
        for part in parts:
            _scan_part(archive, part, counts)


def damaged() -> ImportFileError:
    return ImportFileError(_("Файл повреждён или это не книга Excel (.xlsx)."))


def _too_many_parts() -> ImportFileError:
    return ImportFileError(
        _(
            "Внутри файла больше %(max)s вложенных частей — книга со списком клиентов столько не содержит. "
            "Файл испорчен или собран специально."
        )
        % {"max": limits.number(limits.MAX_PARTS)}
    )


def _too_complex(part: str) -> ImportFileError:
    return ImportFileError(
        _(
            "Файл устроен слишком сложно для разбора (часть «%(part)s»). Откройте его в Excel, сохраните "
            "заново и загрузите снова; если не поможет — разделите список на несколько файлов."
        )
        % {"part": part}
    )


def _check_directory_size(data: bytes) -> None:
    """zipfile reads the whole central directory into objects: refuse a huge one before it does."""
    end = data.rfind(_END_RECORD, max(0, len(data) - 22 - 65535))
    if end < 0 or len(data) < end + 22:
        raise damaged()
    entries, size = struct.unpack("<HI", data[end + 10 : end + 16])
    locator = end - 20
    if (entries == 0xFFFF or size == 0xFFFFFFFF) and data[locator : locator + 4] == _LOCATOR64:
        (offset,) = struct.unpack("<Q", data[locator + 8 : locator + 16])
        if data[offset : offset + 4] == _END_RECORD64:
            entries, size = struct.unpack("<QQ", data[offset + 32 : offset + 48])
    if entries > limits.MAX_PARTS or size > limits.MAX_PARTS * _DIRECTORY_BYTES_PER_PART:
        raise _too_many_parts()


def _check_parts(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > limits.MAX_PARTS:
        raise _too_many_parts()
    unpacked = sum(part.file_size for part in parts)
    if unpacked > limits.MAX_UNPACKED_MB * limits.MB:
        raise ImportFileError(
            _(
                "Файл распаковывается в %(size)s МБ — это больше допустимых %(max)d МБ. Так бывает с испорченными "
                "или специально собранными файлами; если это настоящий список, уберите из книги лишние листы "
                "или разделите список на несколько файлов."
            )
            % {"size": limits.megabytes(unpacked), "max": limits.MAX_UNPACKED_MB}
        )
    for part in parts:
        # Excel only deflates; lzma's decoder could be told to allocate gigabytes.
        if part.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED) or part.flag_bits & 0x1:
            raise damaged()
        big = part.file_size > limits.RATIO_FLOOR_MB * limits.MB
        if big and part.file_size > limits.MAX_RATIO * part.compress_size:
            raise ImportFileError(
                _(
                    "Часть файла «%(part)s» сжата с коэффициентом %(ratio)s — книги Excel так сильно не сжимаются. "
                    "Файл испорчен или собран специально: откройте его в Excel, сохраните заново и загрузите снова."
                )
                % {"part": part.filename, "ratio": limits.number(part.file_size // max(part.compress_size, 1))}
            )


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, counts: "_Counts") -> None:
    try:
        with archive.open(part) as stream:
            chunk = stream.read(_CHUNK)
            if not chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
                # Not XML: openpyxl reads such a part (a picture) whole, if at all.
                if part.file_size > limits.MAX_BINARY_PART_MB * limits.MB:
                    raise _too_complex(part.filename)
                return
            scan = _XmlScan(part.filename, counts)
            while chunk and scan.feed(chunk):
                chunk = stream.read(_CHUNK)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise damaged() from error


@dataclass
class _Counts:
    """What openpyxl keeps from all the parts together while it reads the sheet."""

    nodes: int = 0
    chars: int = 0
    strings: int = 0

    def keep(self, part: str, *, nodes: int = 0, chars: int = 0, strings: int = 0) -> None:
        self.nodes += nodes
        self.chars += chars
        self.strings += strings
        text = self.chars * _CHAR_BYTES + self.strings * _STRING_BYTES
        if self.nodes * _NODE_BYTES + text <= limits.MAX_KEPT_MB * limits.MB:
            return
        if text < self.nodes * _NODE_BYTES:
            raise _too_complex(part)
        raise ImportFileError(
            _(
                "В файле слишком много текста, чтобы его разобрать. Уберите из книги лишние листы и столбцы "
                "или разделите список на несколько файлов."
            )
        )


class _XmlScan:
    """One XML part through expat: elements, attributes and text, counted as openpyxl keeps them."""

    def __init__(self, part: str, counts: _Counts) -> None:
        self.part, self.counts = part, counts
        self.rows = 0
        self.depth = 0  # inside a row or a shared string, which openpyxl drops once read
        self.in_string = False
        self.held_nodes = self.held_chars = self.text_run = 0
        self.fed = self.seen = 0
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser

    def feed(self, chunk: bytes) -> bool:
        """False once the part turns out not to be well-formed: openpyxl stops there as well.

        (Excel's VML drawings are not well-formed XML; openpyxl does not read them.)
        """
        self.fed += len(chunk)
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            if error.code in _ENCODING_ERRORS:
                raise damaged() from error
            return False
        if self.fed - self.seen > limits.MAX_TOKEN_BYTES:
            raise _too_complex(self.part)
        return True

    def _doctype(self, *args) -> None:
        raise damaged()  # Excel writes no DTD; a DTD is how entity bombs begin

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        self._boundary()
        nodes, chars = 1 + len(attrs), sum(len(value) for value in attrs.values())
        names = sum(len(name) for name in (name, *attrs) if len(name) > _LONG_NAME)
        if names:
            self.counts.keep(self.part, chars=names)
        if self.depth:
            self.depth += 1
            self._hold(nodes, chars)
        elif name == _ROW:
            self.rows += 1
            if self.rows > limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS:
                raise limits.too_many_rows()
            self._begin_held(nodes, chars)
            if {key for key in attrs if " " not in key} - _ROW_KEPT_IF_MORE_THAN:  # kept as the row's dimensions
                self.counts.keep(self.part, nodes=nodes, chars=chars)
            else:  # the emptied element stays in the tree until the sheet is read
                self.counts.keep(self.part, nodes=1)
        elif name == _STRING:
            self._begin_held(nodes, chars)
            self.in_string = True
            self.counts.keep(self.part, strings=1)  # its text is counted as it comes
        else:
            self.counts.keep(self.part, nodes=nodes, chars=chars)

    def _end(self, name: str) -> None:
        self._boundary()
        if self.depth:
            self.depth -= 1
            self.in_string = self.in_string and self.depth > 0

    def _boundary(self) -> None:
        self.seen = self.parser.CurrentByteIndex
        if not self.in_string:  # a shared string is one cell however many runs it has
            self.text_run = 0

    def _text(self, data: str) -> None:
        self.seen = self.parser.CurrentByteIndex
        if not self.depth:
            self.counts.keep(self.part, chars=len(data))
            return
        self.text_run += len(data)
        self._hold(0, len(data))
        if self.text_run > limits.MAX_TEXT_CHARS:
            raise ImportFileError(
                _(
                    "В файле есть ячейка длиннее %(max)s символов — Excel таких не создаёт. "
                    "Файл испорчен или собран специально."
                )
                % {"max": limits.number(limits.MAX_TEXT_CHARS)}
            )
        if self.in_string:
            self.counts.keep(self.part, chars=len(data))

    def _begin_held(self, nodes: int, chars: int) -> None:
        self.depth, self.held_nodes, self.held_chars, self.text_run = 1, 0, 0, 0
        self._hold(nodes, chars)

    def _hold(self, nodes: int, chars: int) -> None:
        self.held_nodes += nodes
        self.held_chars += chars
        if self.held_nodes > limits.MAX_ROW_NODES or self.held_chars > limits.MAX_ROW_CHARS:
            raise _too_complex(self.part)
