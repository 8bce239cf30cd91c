"""The private storage a test runs on: the local folder (the default) or a bucket of moto's real
S3 server (tests/servers.py), configured from the environment as production configures it.

The `private_storage` fixture (tests/conftest.py) runs a test once on each; `bucket_use` points
the portal at a server of the test's own, for tests that stop it.
"""

import hashlib
import tempfile
import uuid
from functools import partial
from pathlib import Path

from django.core.files.storage import Storage, storages

from project.config.storage import private_storage_from_env
from tests.servers import S3Server

PREFIX = "portal"  # PRIVATE_STORAGE_PREFIX: keys live under it, as in a bucket shared with others
_MB = 1024 * 1024


def bucket_use(settings, monkeypatch, server: S3Server) -> str:
    """A new bucket on `server`, made the private storage through the portal's own settings."""
    bucket = server.create_bucket(f"portal-{uuid.uuid4().hex[:12]}")
    for name, value in {**server.environ(bucket), "PRIVATE_STORAGE_PREFIX": PREFIX}.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = {**settings.STORAGES, "private": private_storage_from_env()}
    return bucket


def scratch_use(monkeypatch, folder: Path) -> Path:
    """The system's temporary folder made a fresh one, to see what a test leaves in it."""
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


class PrivateStore:
    """What a test needs to see where private files went."""

    def __init__(self, kind: str, *, folder: Path, scratch: Path, server: S3Server | None = None, bucket: str = ""):
        self.kind, self.folder, self.scratch = kind, folder, scratch
        self.server, self.bucket = server, bucket

    def __repr__(self) -> str:
        return f"<PrivateStore {self.kind}>"

    @property
    def storage(self) -> Storage:
        return storages["private"]

    def names(self) -> list[str]:
        """Every stored file, named as the portal names it: the bucket's keys under the prefix,
        or the folder's files (the build folder `tmp/` left out: it must be empty)."""
        if self.kind == "s3":
            return sorted(key.removeprefix(f"{PREFIX}/") for key in self.keys())
        files = (path.relative_to(self.folder) for path in _files_in(self.folder))
        return sorted(str(path) for path in files if path.parts[0] != "tmp")

    def keys(self) -> list[str]:
        """The bucket's keys as they are, listed by a client of our own rather than the portal's."""
        pages = self.server.client().get_paginator("list_objects_v2").paginate(Bucket=self.bucket)
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def sha256(self, name: str) -> str:
        """The stored file's digest, read past the portal: the bucket's object or the folder's file."""
        digest = hashlib.sha256()
        if self.kind == "s3":
            body = self.server.client().get_object(Bucket=self.bucket, Key=f"{PREFIX}/{name}")["Body"]
            for chunk in body.iter_chunks(_MB):
                digest.update(chunk)
        else:
            with (self.folder / name).open("rb") as file:
                for chunk in iter(partial(file.read, _MB), b""):
                    digest.update(chunk)
        return digest.hexdigest()

    def on_disk(self) -> list[Path]:
        """Private files on this node's disk outside the storage itself: anything in the temporary
        folder, the folder's build files, and for a bucket anything in the private folder."""
        left = _files_in(self.scratch) + _files_in(self.folder / "tmp")
        if self.kind == "s3":
            left += _files_in(self.folder)
        return sorted(set(left))


def _files_in(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.exists() else []
