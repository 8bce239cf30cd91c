"""Test settings: the real settings, made fast and self-contained.

The environment still decides the database and broker (CI runs the suite on PostgreSQL and
Redis by setting DATABASE_URL and REDIS_URL).
"""

import os
import tempfile

os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("ONEC_BACKEND", "fake")
os.environ.setdefault("VAR_DIR", os.path.join(tempfile.gettempdir(), "portal-test-var"))

from project.settings import *  # noqa: F403
from project.settings import Q_CLUSTER, STORAGES

# Unit tests run tasks inline; tests of task behaviour start a real worker instead.
Q_CLUSTER = {**Q_CLUSTER, "sync": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
