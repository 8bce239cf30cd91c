"""Safe, unique, readable names for files inside an archive.

An entry is named from what an accountant looks a document up by — its date, type and number:
«2026-05-19 Акт 27-26 от 19.05.2026.pdf». 1C's FileName is free text and is not trusted for
it: it may be empty, hold a number's "/" (which is not a folder), characters Windows refuses,
or invisible bidirectional controls that make "…\u202efdp.exe" display as "…exe.pdf". The
extension comes from the MIME type through an allowlist, never from a name's own suffix. Every
entry starts with the ISO date, so the archive sorts by date in any file manager, and no entry
can be a name Windows reserves (CON, NUL, COM1…).
"""

import re
import unicodedata

from apps.onec.client import DocumentFile, DocumentInfo

# Control, format (bidi overrides and isolates, zero-width), private-use, surrogate and
# line/paragraph separators: invisible or unencodable, never wanted in a file name.
_INVISIBLE = frozenset({"Cc", "Cf", "Co", "Cs", "Zl", "Zp"})
_SLASHES = re.compile(r"[/\\]+")  # «27/26» is one number, not a folder: it reads as «27-26»
_FORBIDDEN = re.compile(r'[<>:"|?*]+')  # what Windows refuses in a name
MAX_TYPE, MAX_NUMBER = 80, 40  # with the date, well inside Windows' 260-character path

_EXTENSIONS = {
    "application/pdf": "pdf",
    "application/x-pdf": "pdf",
    "image/jpeg": "jpg",
    "image/pjpeg": "jpg",
    "image/png": "png",
    "image/tiff": "tif",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.ms-excel": "xls",
    "application/msword": "doc",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.text": "odt",
    "application/xml": "xml",  # 1C's formalised УПД and счёт-фактура are XML
    "text/xml": "xml",
    "text/plain": "txt",
}
# For a MIME type 1C leaves out ("application/octet-stream") the bytes decide, among these only.
_SIGNATURES = ((b"%PDF-", "pdf"), (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"))
UNKNOWN_EXTENSION = "bin"


def clean_text(raw: str) -> str:
    """Free text from 1C made fit for a file name: visible characters only, nothing a path or
    Windows would read specially, single spaces, no leading or trailing dots."""
    text = unicodedata.normalize("NFC", raw or "")
    text = "".join((" " if ch.isspace() else "") if unicodedata.category(ch) in _INVISIBLE else ch for ch in text)
    text = _SLASHES.sub("-", text)
    text = _FORBIDDEN.sub(" ", text)
    text = re.sub(r"\.{2,}", ".", text)
    return re.sub(r"\s+", " ", text).strip(" .")


def _part(raw: str, limit: int) -> str:
    # A slash at either end («/27», a path's "../") leaves only a stray dash or dot: drop it.
    return clean_text(raw)[:limit].strip(" .-")


def entry_stem(doc: DocumentInfo, *, of: str = "от", fallback_name: str = "") -> str:
    """«Акт 27-26 от 19.05.2026»: the type, the whole number and the date.

    1C's file name is used only when 1C gives neither a type nor a number.
    """
    label = " ".join(part for part in (_part(doc.type, MAX_TYPE), _part(doc.number, MAX_NUMBER)) if part)
    label = label or _part(fallback_name.rsplit(".", 1)[0], MAX_TYPE) or "document"
    return f"{label} {clean_text(of)} {doc.date:%d.%m.%Y}"


def extension_for(mime_type: str, data: bytes = b"") -> str:
    """The extension the MIME type allows; for an unlisted type, what the bytes show; else "bin"."""
    essence = (mime_type or "").split(";", 1)[0].strip().lower()
    if essence in _EXTENSIONS:
        return _EXTENSIONS[essence]
    return next((ext for magic, ext in _SIGNATURES if data.startswith(magic)), UNKNOWN_EXTENSION)


class EntryNamer:
    """Hands out unique archive entry names (case-insensitively unique, as Windows needs).

    `of` is the word between number and date in the client's language («от», "of").
    """

    def __init__(self, *, of: str = "от") -> None:
        self._of = of
        self._taken: set[str] = set()

    def name(self, doc: DocumentInfo, file: DocumentFile) -> str:
        stem = entry_stem(doc, of=self._of, fallback_name=doc.file_name or file.file_name)
        base = f"{doc.date.isoformat()} {stem}"
        ext = extension_for(file.mime_type, file.data)
        candidate, counter = f"{base}.{ext}", 2
        while candidate.casefold() in self._taken:
            candidate, counter = f"{base} ({counter}).{ext}", counter + 1
        self._taken.add(candidate.casefold())
        return candidate
