"""The xlsx as a zip of XML parts: its directory checked before anything is inflated.

The zip's own directory is checked first (declared sizes are enough: zipfile stops a member at
its declared size and fails its CRC if the member lied); then each part is streamed through
expat (xmlscan.py) a chunk at a time, counted before anything in it is kept, and stopped at the
first limit passed.
"""

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import closing

from django.utils.translation import gettext as _

from apps.clients.importing import limits
from apps.clients.importing.errors import ImportFileError
from apps.clients.importing.xmlscan import XmlScan, damaged, too_complex

_CHUNK = 64 * 1024
_END_RECORD, _END_RECORD64, _LOCATOR64 = b"PK\x05\x06", b"PK\x06\x06", b"PK\x06\x07"
# A central directory entry of a real workbook takes ~100 bytes; this allows names of 900.
_DIRECTORY_BYTES_PER_PART = 1024


def open_package(data: bytes) -> zipfile.ZipFile:
    """The zip, once its directory passed the limits; ImportFileError says why not."""
    _check_directory_size(data)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
        raise damaged() from error
    try:
        _check_parts(archive.infolist())
    except BaseException:
        archive.close()
        raise
    return archive


def scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, scan: XmlScan) -> Iterator[None]:
    """Stream the part through `scan`, pausing after each chunk so that a reader can hand out what it read."""
    with closing(_chunks(archive, part)) as chunks:
        chunk = next(chunks, b"")
        if not chunk.lstrip(b"\xef\xbb\xbf\xff\xfe\x00 \t\r\n").startswith(b"<"):
            if scan.strict:
                raise damaged()
            # Not XML (a picture): it is never inflated whole, but must not be absurd either.
            if part.file_size > limits.MAX_BINARY_PART_MB * limits.MB:
                raise too_complex(part.filename)
            return
        while chunk:
            if not scan.feed(chunk):
                return
            yield
            chunk = next(chunks, b"")
    scan.close()
    yield


def scan_whole(archive: zipfile.ZipFile, part: zipfile.ZipInfo, scan: XmlScan) -> None:
    for _pause in scan_part(archive, part, scan):
        pass


def _chunks(archive: zipfile.ZipFile, part: zipfile.ZipInfo) -> Iterator[bytes]:
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as error:
        raise damaged() from error


def _too_many_parts() -> ImportFileError:
    return ImportFileError(
        _(
            "Внутри файла больше %(max)s вложенных частей — книга со списком клиентов столько не содержит. "
            "Файл испорчен или собран специально."
        )
        % {"max": limits.number(limits.MAX_PARTS)}
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
