"""The database, the cache and the task queue (django-q2): PostgreSQL and Redis in production,
SQLite and the ORM broker on a laptop."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from project.config.base import VAR_DIR
from project.env import env_bool, env_int, env_str, env_url

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the django-q2 worker write at once: WAL lets readers go on, the busy
    # timeout waits instead of failing, and IMMEDIATE takes the write lock at BEGIN so two
    # writers never deadlock upgrading a read lock ("database is locked"). Connections are kept
    # like PostgreSQL's (django-q2 closes them before it forks its workers): opening one per
    # request was a fifth of a small page's time.
    Path(_db["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    _db["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DATABASES = {"default": _db}
# PostgreSQL: the hot reads of every page (apps/core/prepared.py) are prepared statements,
# planned once per connection. Off only behind a PgBouncer older than 1.21 in transaction mode.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
if DATABASE_PREPARED_STATEMENTS and _db["ENGINE"] == "django.db.backends.postgresql":
    # psycopg prepares a statement only when asked (its threshold is never reached: Django's own
    # cursors bind on the client and are never prepared); Django's default, None, would refuse.
    _db.setdefault("OPTIONS", {})["prepare_threshold"] = 2**31 - 1
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and queue ------------------------------------------------------------------------
REDIS_URL = env_url("REDIS_URL", "", schemes=("redis", "rediss", "unix"))
# Short socket timeouts: a Redis that stopped answering (not even refusing) must cost a page a
# second, not hang it (apps/core/cache.py then serves from the database for a while).
REDIS_OPTIONS = {"socket_connect_timeout": 1, "socket_timeout": 2}
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "apps.core.cache.RedisCache", "LOCATION": REDIS_URL, "OPTIONS": REDIS_OPTIONS}}
    # Sessions stay rows (a logout or a switched-off login ends them for good) but are read
    # from Redis: the database sees a session only when it changes.
    SESSION_ENGINE = "apps.core.session_backends.cached_db"
else:
    # Django's database sessions, read with a query compiled once (apps/core/session_backends).
    SESSION_ENGINE = "apps.core.session_backends.db"
    # Shared by every process (unlike local memory), so allauth's rate limits hold across them.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "portal_cache"}}

# Template fragments keyed on everything they show (the tiles and a blank form with its prefill
# per language; a history table on its rows' own fields): kept in each process's memory, no
# round trip, and nothing to invalidate — changed data is a different key.
CACHES["template_fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 5000},
}

Q_TIMEOUT = env_int("Q_TIMEOUT", 600, minimum=30)
Q_CLUSTER = {
    "name": "portal",
    "workers": env_int("Q_WORKERS", 2, minimum=1),
    # A task runs at most `timeout` seconds; the broker re-delivers after `retry`, so retry must
    # exceed timeout or a slow archive would be started twice while still running.
    "timeout": Q_TIMEOUT,
    "retry": Q_TIMEOUT + 120,
    "max_attempts": 3,
    "ack_failures": True,
    "catch_up": False,
    "save_limit": 1000,
    "label": _("Фоновые задачи"),
    "sync": False,
    # E-mail has a cluster of its own (`Q_CLUSTER_NAME=portal-mail manage.py qcluster`): its
    # queue never waits behind archive and act tasks, which hold a worker as long as 1C takes.
    "ALT_CLUSTERS": {
        "portal-mail": {
            "workers": env_int("Q_MAIL_WORKERS", 1, minimum=1),
            # One SMTP exchange is bounded by EMAIL_TIMEOUT; a task is a few of them at most.
            "timeout": 300,
            "retry": 420,
        }
    },
}
MAIL_CLUSTER = "portal-mail"
if REDIS_URL:
    # The broker's socket timeout must outlast django-q2's blocking read (BLPOP, 1 s).
    Q_CLUSTER["redis"] = f"{REDIS_URL}{'&' if '?' in REDIS_URL else '?'}socket_connect_timeout=1&socket_timeout=5"
    # A task Redis cannot take is left to the sweep; the page that queued it still answers.
    Q_CLUSTER["broker_class"] = "apps.core.broker.ResilientRedis"
else:
    Q_CLUSTER["orm"] = "default"
