"""A shipment's pack: its closing documents and quality certificates as one ZIP named after it.

A document 1C no longer finds is left out and named in a text file inside the ZIP rather than
refusing the whole pack: the certificates a client needs to accept a wagon are usually there,
and a warehouse waiting for them is worse off with nothing than with all but one. Only a pack
with nothing in it at all is refused.
"""

import zipfile
from dataclasses import dataclass
from tempfile import SpooledTemporaryFile
from typing import BinaryIO

from django.conf import settings
from django.utils.translation import gettext as _

from apps.core.request_id import request_id_thread_pool
from apps.documents.naming import MAX_NUMBER, MAX_TYPE, clean_text, extension_for, printed_name_stem
from apps.onec.backend import get_onec_client
from apps.onec.client import DocumentFile, OneCError, OneCErrorKind, Shipment

# A pack is a handful of PDFs; a larger one spills to an unnamed temporary file, a buffer for
# the response that is gone when the response closes it: packs are built per request, never stored.
IN_MEMORY_BYTES = 16 * 1024 * 1024


class PackEmpty(Exception):
    """1C gave none of the shipment's documents (or the shipment names none yet)."""


@dataclass
class ShipmentPack:
    name: str
    file: BinaryIO  # positioned at the start, for a FileResponse
    size: int
    included: int
    missing: tuple[str, ...]  # ids 1C answered DOCUMENT_NOT_FOUND for


def shipment_pack_name(shipment: Shipment) -> str:
    """«Отгрузка 12-3 от 05.11.2026.zip»: the number made safe for a file name (a «/» is a dash)."""
    number = clean_text(shipment.number)[:MAX_NUMBER].strip(" .-") or clean_text(shipment.id)[:MAX_NUMBER]
    return _("Отгрузка %(number)s от %(date)s.zip") % {"number": number, "date": f"{shipment.date:%d.%m.%Y}"}


def _fetch(inn: str, document_id: str) -> DocumentFile | None:
    try:
        return get_onec_client().get_document_file(inn, document_id)
    except OneCError as error:
        if error.kind == OneCErrorKind.DOCUMENT_NOT_FOUND:
            return None
        raise


def _member_name(file: DocumentFile, index: int, taken: set[str]) -> str:
    """1C's file name made safe (no folders, no reserved characters), a type the portal knows in
    the page's language, with the extension its MIME type allows and unique inside the ZIP."""
    stem = printed_name_stem(clean_text(file.file_name.rsplit(".", 1)[0]))[: MAX_TYPE + MAX_NUMBER].strip(" .-")
    stem = stem or _("Документ %(index)d") % {"index": index}
    extension = extension_for(file.mime_type, file.data)
    candidate, counter = f"{stem}.{extension}", 2
    while candidate.casefold() in taken:
        candidate, counter = f"{stem} ({counter}).{extension}", counter + 1
    taken.add(candidate.casefold())
    return candidate


def _missing_note(shipment: Shipment, missing: list[str]) -> str:
    lines = [
        _("В комплект отгрузки %(number)s от %(date)s не вошли документы, которых 1С сейчас не нашла:")
        % {"number": shipment.number, "date": f"{shipment.date:%d.%m.%Y}"},
        *(f"— {document_id}" for document_id in missing),
        "",
        _("Сообщите нам об этом, и мы пришлём их отдельно."),
    ]
    # A BOM and CRLF: Windows Notepad, where such a note is usually opened, reads it right.
    return "\ufeff" + "\r\n".join(lines) + "\r\n"


def shipment_pack_build(*, inn: str, shipment: Shipment) -> ShipmentPack:
    """Fetch the shipment's documents a few at a time (each call has 1C's own timeout) and
    write them, in the order 1C lists them, into a ZIP. Raises OneCError (1C down) or PackEmpty."""
    if not shipment.document_ids:
        raise PackEmpty
    workers = min(settings.ONEC_MAX_CONNECTIONS, len(shipment.document_ids))
    with request_id_thread_pool(max_workers=workers, thread_name_prefix="shipment-pack") as pool:
        files = list(pool.map(lambda document_id: _fetch(inn, document_id), shipment.document_ids))
    missing = [doc_id for doc_id, file in zip(shipment.document_ids, files, strict=True) if file is None]
    if len(missing) == len(files):
        raise PackEmpty
    buffer, taken = SpooledTemporaryFile(max_size=IN_MEMORY_BYTES), set()  # returned open, for the response
    # Stored, not deflated: printed forms are compressed already (see documents/archive.py).
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for index, file in enumerate(files, start=1):
            if file is not None:
                archive.writestr(_member_name(file, index, taken), file.data)
        if missing:
            note = _("Не вошли в комплект.txt")
            archive.writestr(note, _missing_note(shipment, missing).encode(), compress_type=zipfile.ZIP_DEFLATED)
    size = buffer.tell()
    buffer.seek(0)
    return ShipmentPack(shipment_pack_name(shipment), buffer, size, len(files) - len(missing), tuple(missing))
