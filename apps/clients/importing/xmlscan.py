"""One XML part of the workbook through expat, counted before anything in it is kept.

Every part is streamed once: elements, attributes and text are counted as they come, and the
first limit passed refuses the file. A part the import reads (the sheet, its shared strings, the
package's structure) is read by a subclass in the same pass, after the counting of each event,
so nothing is kept that the counting has not allowed. The counts model a reader that keeps the
shared strings and everything outside the sheet's rows, and holds one row at a time.
"""

from dataclasses import dataclass
from xml.parsers import expat

from django.utils.translation import gettext as _

from apps.clients.importing import limits
from apps.clients.importing.errors import ImportFileError

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
# expat joins namespace and name with the separator given.
ROW, STRING = f"{MAIN} row", f"{MAIN} si"
# A row's attributes are kept (as its dimensions) if it has more than these (and namespaced ones).
_ROW_KEPT_IF_MORE_THAN = {"r", "spans"}
# What is kept, in bytes on CPython 3.12, as measured: an element or an attribute, a character of
# text (4 for the widest strings), a shared string's own object beside its text.
_NODE_BYTES, _CHAR_BYTES, _STRING_BYTES = 300, 4, 100
# Names are interned once; only a name far longer than any in a workbook is counted as text.
_LONG_NAME = 128
# An encoding expat does not read must not let a part pass unread.
_ENCODING_ERRORS = {
    expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING],
    expat.errors.codes[expat.errors.XML_ERROR_INCORRECT_ENCODING],
}


class NotWellFormed(ValueError):
    """A part the import reads is not XML to its end."""


def damaged() -> ImportFileError:
    return ImportFileError(_("Файл повреждён или это не книга Excel (.xlsx)."))


def too_complex(part: str) -> ImportFileError:
    return ImportFileError(
        _(
            "Файл устроен слишком сложно для разбора (часть «%(part)s»). Откройте его в Excel, сохраните "
            "заново и загрузите снова; если не поможет — разделите список на несколько файлов."
        )
        % {"part": part}
    )


@dataclass
class Counts:
    """What is kept from all the parts together while the sheet is read."""

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
            raise too_complex(part)
        raise ImportFileError(
            _(
                "В файле слишком много текста, чтобы его разобрать. Уберите из книги лишние листы и столбцы "
                "или разделите список на несколько файлов."
            )
        )


class XmlScan:
    """Counts one part. A subclass reads it: its handlers call these first, then take what they need.

    `depth` is the nesting inside a row or a shared string (1 for the `<row>` or `<si>` itself),
    0 elsewhere.
    """

    # A part the import reads must be well-formed; one it skips need not be (Excel's VML drawings are not).
    strict = False

    def __init__(self, part: str, counts: Counts) -> None:
        self.part, self.counts = part, counts
        self.rows = 0
        self.depth = 0
        self.in_string = False
        self.held_nodes = self.held_chars = self.text_run = 0
        self.fed = self.seen = 0
        # Read once: a test lowers them for one import.
        self.max_rows = limits.MAX_ROWS + limits.HEADER_SEARCH_ROWS
        self.max_row_nodes, self.max_row_chars = limits.MAX_ROW_NODES, limits.MAX_ROW_CHARS
        self.max_text_chars = limits.MAX_TEXT_CHARS
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.buffer_text = True
        parser.StartDoctypeDeclHandler = self._doctype
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text
        self.parser = parser

    def feed(self, chunk: bytes) -> bool:
        """False once a part the import skips turns out not to be well-formed: nothing reads further."""
        self.fed += len(chunk)
        try:
            self.parser.Parse(chunk, False)
        except expat.ExpatError as error:
            return self._malformed(error)
        if self.fed - self.seen > limits.MAX_TOKEN_BYTES:
            raise too_complex(self.part)
        return True

    def close(self) -> None:
        try:
            self.parser.Parse(b"", True)
        except expat.ExpatError as error:
            self._malformed(error)

    def _malformed(self, error: expat.ExpatError) -> bool:
        if error.code in _ENCODING_ERRORS:
            raise damaged() from error
        if self.strict:
            raise NotWellFormed(f"{self.part}: {error}") from error
        return False

    def _doctype(self, *args) -> None:
        raise damaged()  # Excel writes no DTD; a DTD is how entity bombs begin

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        # The hottest code of the import (every element of the sheet): the checks are inlined.
        self.seen = self.parser.CurrentByteIndex
        if not self.in_string:  # a shared string is one cell however many runs it has
            self.text_run = 0
        if attrs:
            nodes, chars = 1 + len(attrs), sum(map(len, attrs.values()))
            if len(name) + sum(map(len, attrs)) > _LONG_NAME:
                self._long_names(name, attrs)
        else:
            nodes, chars = 1, 0
            if len(name) > _LONG_NAME:
                self._long_names(name, attrs)
        if self.depth:
            self.depth += 1
            self.held_nodes += nodes
            self.held_chars += chars
            if self.held_nodes > self.max_row_nodes or self.held_chars > self.max_row_chars:
                raise too_complex(self.part)
        elif name == ROW:
            self.rows += 1
            if self.rows > self.max_rows:
                raise limits.too_many_rows()
            self._begin_held(nodes, chars)
            if {key for key in attrs if " " not in key} - _ROW_KEPT_IF_MORE_THAN:  # kept as the row's dimensions
                self.counts.keep(self.part, nodes=nodes, chars=chars)
            else:  # the emptied element stays in the tree until the sheet is read
                self.counts.keep(self.part, nodes=1)
        elif name == STRING:
            self._begin_held(nodes, chars)
            self.in_string = True
            self.counts.keep(self.part, strings=1)  # its text is counted as it comes
        else:
            self.counts.keep(self.part, nodes=nodes, chars=chars)

    def _long_names(self, name: str, attrs: dict[str, str]) -> None:
        chars = sum(len(n) for n in (name, *attrs) if len(n) > _LONG_NAME)
        if chars:
            self.counts.keep(self.part, chars=chars)

    def _end(self, name: str) -> None:
        self.seen = self.parser.CurrentByteIndex
        if not self.in_string:
            self.text_run = 0
        if self.depth:
            self.depth -= 1
            self.in_string = self.in_string and self.depth > 0

    def _text(self, data: str) -> None:
        self.seen = self.parser.CurrentByteIndex
        if not self.depth:
            self.counts.keep(self.part, chars=len(data))
            return
        length = len(data)
        self.text_run += length
        self.held_chars += length
        if self.held_chars > self.max_row_chars:
            raise too_complex(self.part)
        if self.text_run > self.max_text_chars:
            raise ImportFileError(
                _(
                    "В файле есть ячейка длиннее %(max)s символов — Excel таких не создаёт. "
                    "Файл испорчен или собран специально."
                )
                % {"max": limits.number(limits.MAX_TEXT_CHARS)}
            )
        if self.in_string:
            self.counts.keep(self.part, chars=length)

    def _begin_held(self, nodes: int, chars: int) -> None:
        self.depth, self.held_nodes, self.held_chars, self.text_run = 1, 0, 0, 0
        self._hold(nodes, chars)

    def _hold(self, nodes: int, chars: int) -> None:
        self.held_nodes += nodes
        self.held_chars += chars
        if self.held_nodes > self.max_row_nodes or self.held_chars > self.max_row_chars:
            raise too_complex(self.part)


class RecordScan(XmlScan):
    """A small part the import reads: the attributes of the elements it names, in document order.

    `wanted` maps an element's name to the name its parent must have (None: any parent).
    """

    strict = True

    def __init__(self, part: str, counts: Counts, wanted: dict[str, str | None]) -> None:
        super().__init__(part, counts)
        self.wanted = wanted
        self.path: list[str] = []
        self.found: list[tuple[str, dict[str, str]]] = []

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        XmlScan._start(self, name, attrs)
        if name in self.wanted and self.wanted[name] in (None, self.path[-1] if self.path else ""):
            self.found.append((name, attrs))
        self.path.append(name)

    def _end(self, name: str) -> None:
        XmlScan._end(self, name)
        self.path.pop()
