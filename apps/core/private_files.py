"""Reading private files (archives, acts, clients' scans) out of STORAGES["private"] in chunks.

Writes go through Django's storage API (`private_file_save`, which only names the store's errors).
Reads that leave the portal (downloads, mail attachments) come through here instead of
`storage.open()`: django-storages' S3File downloads the
whole object into a SpooledTemporaryFile first, which puts a 40 MB archive on the node's disk
(past `max_memory_size`) before the first byte reaches the client. Here a bucket's object is read
from the response body as the client takes it, and a local file block by block; neither is held
whole in memory nor copied to disk.

Errors of the store become our own: FileNotFoundError when the file is gone, and
PrivateFileUnavailable when the store cannot be reached, so no caller needs to know botocore.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PRIVATE_STORAGE = "private"
CHUNK_BYTES = 64 * 1024
UNAVAILABLE_MESSAGE = _("Хранилище файлов сейчас недоступно. Попробуйте ещё раз через несколько минут.")
_NOT_FOUND = frozenset({"404", "NoSuchKey", "NotFound"})


class PrivateFileUnavailable(Exception):
    """The private storage did not answer (or failed) while opening or reading a file."""


@dataclass
class PrivateFile:
    """A file being read: iterate `chunks` once, or `close()` it if the reader gives up."""

    chunks: Iterator[bytes]
    size: int

    def close(self) -> None:
        close = getattr(self.chunks, "close", None)
        if close is not None:
            close()


def private_file_stream(name: str, *, storage: str = PRIVATE_STORAGE) -> PrivateFile:
    """Open `name` for reading in chunks; FileNotFoundError if it is gone, PrivateFileUnavailable
    if the store cannot be reached. The store is asked here, before a response is started."""
    store = storages[storage]
    if isinstance(store, S3Storage):
        return _bucket_stream(store, name)
    return _local_stream(store, name)


def private_file_save(name: str, content: File, *, storage: str = PRIVATE_STORAGE) -> str:
    """`storages[storage].save()`; PrivateFileUnavailable if the store cannot be reached."""
    try:
        return storages[storage].save(name, content)
    except (BotoCoreError, ClientError) as error:
        raise PrivateFileUnavailable(str(error)) from error


def private_file_read(name: str, *, storage: str = PRIVATE_STORAGE) -> bytes:
    """The whole file, for what must be whole anyway (an e-mail attachment, at most a few MB)."""
    file = private_file_stream(name, storage=storage)
    try:
        return b"".join(file.chunks)
    finally:
        file.close()


def private_file_response(
    file: PrivateFile, *, filename: str, content_type: str, as_attachment: bool = True
) -> StreamingHttpResponse:
    """The file streamed to the client as it is read: memory holds one chunk, the disk nothing."""
    response = StreamingHttpResponse(file.chunks, content_type=content_type)
    response["Content-Length"] = str(file.size)
    response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def _local_stream(store: Storage, name: str) -> PrivateFile:
    handle = store.open(name, "rb")
    return PrivateFile(chunks=_Chunks(handle.chunks(CHUNK_BYTES), handle.close), size=handle.size)


def _bucket_stream(store: S3Storage, name: str) -> PrivateFile:
    # The key as the storage itself names it (its prefix, PRIVATE_STORAGE_PREFIX, included).
    key = store._normalize_name(clean_name(name))
    try:
        found = store.connection.meta.client.get_object(Bucket=store.bucket_name, Key=key)
    except ClientError as error:
        if str(error.response.get("Error", {}).get("Code")) in _NOT_FOUND:
            raise FileNotFoundError(name) from None
        raise PrivateFileUnavailable(str(error)) from error
    except BotoCoreError as error:  # connection refused, timeouts, a broken response
        raise PrivateFileUnavailable(str(error)) from error
    body = found["Body"]
    return PrivateFile(chunks=_Chunks(body.iter_chunks(CHUNK_BYTES), body.close), size=found["ContentLength"])


class _Chunks:
    """The chunks of an open file, closing it when the response is closed (even unread), and
    turning a store that fails mid-way into PrivateFileUnavailable: the server then drops the
    connection, so the client sees a broken download, never a complete-looking short one."""

    def __init__(self, chunks: Iterator[bytes], close: Callable[[], None]):
        self._chunks, self._close = chunks, close

    def __iter__(self) -> "_Chunks":
        return self

    def __next__(self) -> bytes:
        try:
            return next(self._chunks)
        except (BotoCoreError, ClientError) as error:
            raise PrivateFileUnavailable(str(error)) from error

    def close(self) -> None:
        self._close()
