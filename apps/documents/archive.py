"""Fetching documents from 1C, writing them into a local ZIP file as they arrive, and handing
the finished file to storage."""

import os
import tempfile
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage, Storage

from apps.core.private_files import private_file_save
from apps.core.request_id import request_id_thread_pool
from apps.documents.naming import EntryNamer
from apps.onec.client import DocumentFile, DocumentInfo, OneCClient, OneCError, OneCErrorKind

# Archives go through Django's storage API (settings.STORAGES["private"]): a folder shared by the
# web and the workers by default, object storage in a larger deployment.
PRIVATE_STORAGE = "private"
# Formats that are compressed inside already. Deflating a printed form saves 1-3 % of its size
# at about 60 MB/s of one core — most of a large request's time — so these are stored as they
# are; XML (1C's formalised documents), text and the older binary formats still shrink a lot.
_ALREADY_COMPRESSED = frozenset({"pdf", "jpg", "png", "zip", "xlsx", "docx", "ods", "odt"})


@dataclass
class ArchiveResult:
    written: int
    missing: list[DocumentInfo]
    size: int


def compression_for(entry_name: str) -> int:
    """ZIP_STORED for a format that does not compress, ZIP_DEFLATED for the rest."""
    extension = entry_name.rpartition(".")[2].casefold()
    return zipfile.ZIP_STORED if extension in _ALREADY_COMPRESSED else zipfile.ZIP_DEFLATED


def _fetch_in_order(
    onec: OneCClient, inn: str, documents: list[DocumentInfo], parallel: int
) -> Iterator[tuple[DocumentInfo, DocumentFile | None]]:
    """Yield each document's file in list order while up to `parallel` calls are in flight.

    The window of pending futures is bounded, so memory holds at most a few files however
    long the list is. A document 1C no longer has yields None; other errors propagate.
    """

    def fetch(doc: DocumentInfo) -> DocumentFile | None:
        try:
            return onec.get_document_file(inn, doc.id)
        except OneCError as error:
            if error.kind == OneCErrorKind.DOCUMENT_NOT_FOUND:
                return None
            raise

    with request_id_thread_pool(max_workers=parallel, thread_name_prefix="onec-fetch") as pool:
        pending: deque[tuple[DocumentInfo, Future]] = deque()
        queue = iter(documents)
        try:
            for doc in queue:
                pending.append((doc, pool.submit(fetch, doc)))
                if len(pending) >= parallel:
                    break
            while pending:
                doc, future = pending.popleft()
                result = future.result()
                next_doc = next(queue, None)
                if next_doc is not None:
                    pending.append((next_doc, pool.submit(fetch, next_doc)))
                yield doc, result
        finally:
            for _, future in pending:
                future.cancel()


def build_archive(
    *,
    onec: OneCClient,
    inn: str,
    documents: list[DocumentInfo],
    path: Path,
    parallel: int,
    on_progress: Callable[[int], None],
    namer: EntryNamer | None = None,
) -> ArchiveResult:
    """Write the documents (already sorted) as a ZIP at `path`, a local file (zipfile seeks back
    to finish each entry). The caller stores the finished file (`archive_store`) and removes one
    an error left half-written (`scratch_file`).
    """
    namer, missing, written = namer or EntryNamer(), [], 0
    with zipfile.ZipFile(path, "w") as archive:
        for done, (doc, file) in enumerate(_fetch_in_order(onec, inn, documents, parallel), start=1):
            if file is None:
                missing.append(doc)
            else:
                # zipfile sets the UTF-8 name flag for non-ASCII names, so Cyrillic names
                # read correctly in Windows Explorer and macOS Archive Utility.
                name = namer.name(doc, file)
                archive.writestr(name, file.data, compress_type=compression_for(name), compresslevel=6)
                written += 1
            on_progress(done)
    return ArchiveResult(written=written, missing=missing, size=path.stat().st_size)


@contextmanager
def scratch_file(storage: Storage) -> Iterator[Path]:
    """A local file to build a ZIP in, removed afterwards whatever happened.

    Inside a local storage's own folder, so that storing the archive renames it rather than
    copying 40 MB. For object storage it is a buffer in the system's temporary folder, the only
    place an archive touches a worker's disk: writing the ZIP straight into an upload would take
    a hand-driven multipart upload (parts of 5 MB or more) fed from a second thread, and a local
    file is the simpler buffer. It is deleted right after the upload, and after a failed build
    or upload too.
    """
    folder = None
    if isinstance(storage, FileSystemStorage):
        folder = Path(storage.path("tmp"))
        folder.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix="archive-", suffix=".zip.part", dir=folder)
    os.close(handle)
    path = Path(name)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)


def archive_store(*, path: Path, name: str) -> str:
    """Put the finished file at `path` into the private storage as `name` (a bucket takes it in
    parts as it is read); returns the name it got, PrivateFileUnavailable if the store is down."""
    with _LocalFile(path) as file:
        return private_file_save(name, file, storage=PRIVATE_STORAGE)


class _LocalFile(File):
    """A finished file on local disk. FileSystemStorage moves a file that has a
    `temporary_file_path` (as it moves Django's uploads) instead of copying it chunk by chunk;
    other storages read it in chunks like any file."""

    def __init__(self, path: Path):
        super().__init__(path.open("rb"), name=path.name)
        self._path = path

    def temporary_file_path(self) -> str:
        return str(self._path)
