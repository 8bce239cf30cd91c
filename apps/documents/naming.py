"""Safe, unique, readable names for files inside an archive.

1C's printed-form names are free text: they may hold "/", "..", characters Windows refuses,
or repeat. Every entry is prefixed with the document's date so the archive sorts by date in
any file manager.
"""

import re
import unicodedata
from datetime import date

_FORBIDDEN = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]+')
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}
MAX_STEM = 120


def safe_stem(raw: str) -> str:
    """A file name stem with no path, no forbidden characters, and a sane length."""
    name = unicodedata.normalize("NFC", raw or "")
    name = name.replace("\\", "/").split("/")[-1]  # only the last path segment survives
    name = _FORBIDDEN.sub(" ", name)
    name = re.sub(r"\.{2,}", ".", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem.strip(" .")[:MAX_STEM].strip(" .")
    if not stem or stem.upper() in _RESERVED:
        stem = "document"
    return stem


def extension_for(file_name: str, mime_type: str = "") -> str:
    suffix = file_name.rsplit(".", 1)[-1].lower() if "." in (file_name or "") else ""
    if suffix.isalnum() and 1 <= len(suffix) <= 5:
        return suffix
    return "pdf" if "pdf" in (mime_type or "").lower() or not mime_type else "bin"


class EntryNamer:
    """Hands out unique archive entry names (case-insensitively unique, as Windows needs)."""

    def __init__(self) -> None:
        self._taken: set[str] = set()

    def name(self, *, day: date, file_name: str, mime_type: str = "") -> str:
        base = f"{day.isoformat()} {safe_stem(file_name)}"
        ext = extension_for(file_name, mime_type)
        candidate, counter = f"{base}.{ext}", 2
        while candidate.casefold() in self._taken:
            candidate, counter = f"{base} ({counter}).{ext}", counter + 1
        self._taken.add(candidate.casefold())
        return candidate
