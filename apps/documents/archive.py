"""Fetching documents from 1C and writing them into a ZIP file on disk as they arrive."""

import os
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from apps.documents.naming import EntryNamer
from apps.onec.client import DocumentFile, DocumentInfo, OneCClient, OneCError, OneCErrorKind


@dataclass
class ArchiveResult:
    written: int
    missing: list[DocumentInfo]
    size: int


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

    with ThreadPoolExecutor(max_workers=parallel, thread_name_prefix="onec-fetch") as pool:
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
    """Write the documents (already sorted) into `path`; a half-written archive is never left.

    The ZIP is written to a temporary name and renamed at the end, so a worker killed halfway
    leaves no file that looks complete.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.part")
    namer, missing, written = namer or EntryNamer(), [], 0
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for done, (doc, file) in enumerate(_fetch_in_order(onec, inn, documents, parallel), start=1):
                if file is None:
                    missing.append(doc)
                else:
                    # zipfile sets the UTF-8 name flag for non-ASCII names, so Cyrillic names
                    # read correctly in Windows Explorer and macOS Archive Utility.
                    archive.writestr(namer.name(doc, file), file.data)
                    written += 1
                on_progress(done)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)
    return ArchiveResult(written=written, missing=missing, size=path.stat().st_size)
