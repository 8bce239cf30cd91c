"""Test settings: the real settings, made fast and self-contained.

The environment still decides the database and broker (CI runs the suite on PostgreSQL and
Redis by setting DATABASE_URL and REDIS_URL).
"""

import os
import tempfile
from urllib.parse import urlsplit, urlunsplit

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ONEC_BACKEND", "fake")
os.environ.setdefault("VAR_DIR", os.path.join(tempfile.gettempdir(), "portal-test-var"))


def _redis_of_worker(url: str, worker: str) -> str:
    """pytest-xdist's worker `gwN` on the N-th Redis database after the given one: tests flush
    the cache between them, and a worker cluster a test starts reads the broker's queue."""
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0) + int(worker.removeprefix("gw"))
    return urlunsplit(parts._replace(path=f"/{database}"))


if os.environ.get("REDIS_URL") and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # In the environment, so that the processes a test starts inherit it too.
    os.environ["REDIS_URL"] = _redis_of_worker(os.environ["REDIS_URL"], os.environ["PYTEST_XDIST_WORKER"])

from project.settings import *  # noqa: E402,F403
from project.settings import DATABASES, Q_CLUSTER, STORAGES, VAR_DIR  # noqa: E402

# Unit tests run tasks inline; tests of task behaviour start a real worker instead.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}

# A file, not memory, so that a worker started by a test (tests/documents/test_worker_kill.py)
# sees the same test database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One file per run: several runs at once (a developer and CI) must not share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
