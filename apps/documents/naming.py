"""Safe, unique, readable names for files inside an archive.

An entry is named from what an accountant looks a document up by — its date, type and number:
«2026-05-19 Акт 27-26 от 19.05.2026.pdf», in English «2026-05-19 Acceptance act 27-26 of
19.05.2026.pdf» (a type 1C sends that the portal does not know stays as 1C wrote it). 1C's
FileName is free text and is not trusted for it: it may be empty, hold a number's "/" (which is
not a folder), characters Windows refuses, or invisible bidirectional controls that make
"…\u202efdp.exe" display as "…exe.pdf". The extension comes from the MIME type through an
allowlist, never from a name's own suffix. Every entry starts with the ISO date, so the archive
sorts by date in any file manager, and no entry can be a name Windows reserves (CON, NUL, COM1…).
"""

import re
import unicodedata
from contextlib import nullcontext

from django.utils import translation
from django.utils.translation import gettext

from apps.onec.client import DocumentFile, DocumentInfo
from apps.onec.vocabulary import document_type_label, is_known_document_type

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


def entry_stem(doc: DocumentInfo, *, fallback_name: str = "") -> str:
    """«Акт 27-26 от 19.05.2026»: the type, the whole number and the date, in the active language.

    1C's file name is used only when 1C gives neither a type nor a number.
    """
    type_label = _part(document_type_label(doc.type), MAX_TYPE)
    label = " ".join(part for part in (type_label, _part(doc.number, MAX_NUMBER)) if part)
    label = label or _part(fallback_name.rsplit(".", 1)[0], MAX_TYPE) or "document"
    return f"{label} {clean_text(gettext('от'))} {doc.date:%d.%m.%Y}"


# How 1C names a printed form: «УПД 12345 от 05.11.2026».
_PRINTED_NAME = re.compile(r"^(?P<type>.+?) (?P<number>\S+) от (?P<date>\d{2}\.\d{2}\.\d{4})$")


def printed_name_stem(stem: str) -> str:
    """1C's name of a printed form with a type the portal knows, in the active language:
    «УПД 12345 от 05.11.2026» → «Universal transfer document 12345 of 05.11.2026». Any other
    name stays as 1C wrote it."""
    found = _PRINTED_NAME.match(stem)
    if found is None or not is_known_document_type(found["type"]):
        return stem
    label = clean_text(document_type_label(found["type"]))
    return f"{label} {found['number']} {clean_text(gettext('от'))} {found['date']}"


def extension_for(mime_type: str, data: bytes = b"") -> str:
    """The extension the MIME type allows; for an unlisted type, what the bytes show; else "bin"."""
    essence = (mime_type or "").split(";", 1)[0].strip().lower()
    if essence in _EXTENSIONS:
        return _EXTENSIONS[essence]
    return next((ext for magic, ext in _SIGNATURES if data.startswith(magic)), UNKNOWN_EXTENSION)


class EntryNamer:
    """Hands out unique archive entry names (case-insensitively unique, as Windows needs).

    `language`: the names' language (the client's, for an archive built by a worker); None is
    the active one.
    """

    def __init__(self, *, language: str | None = None) -> None:
        self._language = language
        self._taken: set[str] = set()

    def name(self, doc: DocumentInfo, file: DocumentFile) -> str:
        with translation.override(self._language) if self._language else nullcontext():
            stem = entry_stem(doc, fallback_name=doc.file_name or file.file_name)
        base = f"{doc.date.isoformat()} {stem}"
        ext = extension_for(file.mime_type, file.data)
        candidate, counter = f"{base}.{ext}", 2
        while candidate.casefold() in self._taken:
            candidate, counter = f"{base} ({counter}).{ext}", counter + 1
        self._taken.add(candidate.casefold())
        return candidate
