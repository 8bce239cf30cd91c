"""Settings of the client portal, read from the environment.

Defaults make `make demo` run on a laptop (SQLite, django-q2's ORM broker, a local SMTP
catcher); production sets DATABASE_URL, REDIS_URL, SECRET_KEY and the mail/1C variables.
Any bad value stops start-up with ImproperlyConfigured naming the variable.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from project.env import env_bool, env_email, env_float, env_int, env_list, env_str, env_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG)
if not SECRET_KEY:
    # Only reachable with DEBUG=1: a fixed development key, never one that changes per process
    # (sessions would break between the web server and the worker).
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"  # noqa: S105
if not DEBUG and (len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure")):
    raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off")
# The address clients follow from e-mails: a wrong default would send them to localhost.
PORTAL_BASE_URL = env_url("PORTAL_BASE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not PORTAL_BASE_URL:
    raise ImproperlyConfigured("PORTAL_BASE_URL must be set when DEBUG is off (e.g. https://lk.podolskogneupor.ru)")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [PORTAL_BASE_URL])

INSTALLED_APPS = [
    "apps.admin_ru",  # first: Russian for unfold's strings that have none upstream
    "unfold",
    "unfold.contrib.filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # two-factor login: TOTP and recovery codes (apps/clients/two_factor.py)
    "axes",
    "django_htmx",
    "django_q",
    "apps.core",
    "apps.onec",
    "apps.mail",
    "apps.clients",
    "apps.documents",
    "apps.reconciliation",
    "apps.questions",
    "apps.settlements",
    "apps.shipments",
    "apps.notices",
    "apps.cabinet",
    "apps.workspace",
]

MIDDLEWARE = [
    # First: /healthz answers before host checks, the HTTPS redirect and sessions (project/healthz.py).
    "project.healthz.HealthzMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise, which answers static files itself: everything else is private, never stored.
    "apps.core.middleware.PrivateNoStoreMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "apps.core.middleware.AdminCSPMiddleware",
    "apps.core.middleware.RejectNulMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "apps.core.sessions.SessionIdleMiddleware",
    "apps.core.middleware.PortalLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "apps.clients.middleware.FirstPasswordMiddleware",
    # After it: a letter's password is replaced first, then two-factor login is set up where required.
    "apps.clients.two_factor_middleware.TwoFactorSetupMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes asks: it turns a lockout raised by the backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "project.urls"
WSGI_APPLICATION = "project.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.company",
            ],
        },
    },
]

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
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "apps.core.cache.RedisCache", "LOCATION": REDIS_URL}}
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
    Q_CLUSTER["redis"] = REDIS_URL
else:
    Q_CLUSTER["orm"] = "default"

# --- Authentication -------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # First, as django-axes requires; AXES_ONLY_ADMIN_SITE limits it to the staff login.
    "axes.backends.AxesStandaloneBackend",
    "apps.clients.backends.ClientAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "cabinet:home"
ACCOUNT_ADAPTER = "apps.clients.adapter.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "password1*"]
ACCOUNT_SIGNUP_ENABLED = False
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
ACCOUNT_FORMS = {
    "login": "apps.clients.forms.InnLoginForm",
    "reset_password": "apps.clients.forms.ClientResetPasswordForm",
}
# allauth would otherwise write to any address typed into «Забыли пароль?» ("no account here"):
# the portal writes only to an organisation's own address, and to nobody else.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False

# Two-factor login (allauth.mfa): an authenticator app (TOTP) and recovery codes, no security
# keys. Who must use it is decided in apps/clients/two_factor.py; the code step after the
# password is allauth's own stage, for the client login and the staff login at /admin/ alike.
MFA_ADAPTER = "apps.clients.two_factor.PortalMFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_TOLERANCE = 1  # a code from the previous or next 30 s still works: phone clocks drift
MFA_RECOVERY_CODE_COUNT = 10
MFA_FORMS = {
    "authenticate": "apps.clients.two_factor_forms.CodeLoginForm",
    "reauthenticate": "apps.clients.two_factor_forms.CodeReauthenticateForm",
    "activate_totp": "apps.clients.two_factor_forms.ActivateAppForm",
}
# Confirming who you are before switching two-factor login on or off: the password or the
# code. Not an e-mailed code: its pages are not mounted (project/urls.py).
ACCOUNT_REAUTHENTICATION_METHODS = ["password", "mfa"]
# Code attempts share allauth's "login_failed" limits above (5 wrong codes per login in 5 min).

# How many reverse proxies stand in front of the web server (0: clients connect directly). With
# N proxies, the client's address is the N-th entry from the right of X-Forwarded-For; the
# rate limits of the client login and the staff lockout are keyed on it (apps/core/ip.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)

AXES_ONLY_ADMIN_SITE = True
AXES_HANDLER = "apps.core.axes.AdminOnlyAxesHandler"
AXES_FAILURE_LIMIT = env_int("ADMIN_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = env_int("ADMIN_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "apps.core.ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_RESET_ON_SUCCESS = True

SESSION_IDLE_HOURS = env_int("SESSION_IDLE_HOURS", 8, minimum=1, maximum=72)
# An idle timeout, not two weeks after login: apps/core/sessions.py renews the session's expiry
# at most once per SESSION_IDLE_REFRESH_SECONDS instead of writing it on every request.
SESSION_COOKIE_AGE = SESSION_IDLE_HOURS * 3600
SESSION_IDLE_REFRESH_SECONDS = 300

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Russian dates as staff read them: «28 ноября 2026, 09:05» (project/formats/ru/formats.py).
FORMAT_MODULE_PATH = ["project.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Private files (archives, acts) live outside STATIC/MEDIA URLs and are served only by views
# that check the owner; the code reaches them only through STORAGES["private"]. By default a
# folder that the web and the workers share; with PRIVATE_STORAGE_BUCKET set, a bucket in
# S3-compatible object storage through django-storages (`pip install "django-storages[s3]"`),
# its credentials from boto3's usual sources (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, a role).
PRIVATE_STORAGE_DIR = Path(env_str("PRIVATE_STORAGE_DIR", str(VAR_DIR / "private")))
PRIVATE_STORAGE_BUCKET = env_str("PRIVATE_STORAGE_BUCKET", "")
if not PRIVATE_STORAGE_BUCKET:
    STORAGES["private"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_STORAGE_DIR},
    }
else:
    import importlib.util

    if not (importlib.util.find_spec("storages") and importlib.util.find_spec("boto3")):
        raise ImproperlyConfigured('PRIVATE_STORAGE_BUCKET needs django-storages: pip install "django-storages[s3]"')
    from botocore.config import Config as S3ClientConfig

    _private_endpoint = env_url("PRIVATE_STORAGE_ENDPOINT_URL", "")
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": PRIVATE_STORAGE_BUCKET,
            "endpoint_url": _private_endpoint or None,
            "region_name": env_str("PRIVATE_STORAGE_REGION", "") or None,
            "location": env_str("PRIVATE_STORAGE_PREFIX", ""),  # a key prefix inside the bucket
            "default_acl": None,  # no per-object ACL: the bucket's policy, which keeps it private
            "file_overwrite": False,
            # A file read from the bucket is spooled to disk past 4 MB, not held in memory whole.
            "max_memory_size": 4 * 1024 * 1024,
            # Explicit timeouts; path-style addresses, which every S3-compatible store serves.
            "client_config": S3ClientConfig(
                connect_timeout=10,
                read_timeout=60,
                s3={"addressing_style": "path" if _private_endpoint else "auto"},
            ),
        },
    }

# --- E-mail ---------------------------------------------------------------------------------
# SMTP is the real path in every mode (the demo runs a local catcher). Django 6.1 configures
# mail as MAILERS; the EMAIL_* environment variables operators know are read into it.
_email_use_tls = env_bool("EMAIL_USE_TLS", False)
_email_use_ssl = env_bool("EMAIL_USE_SSL", False)
if _email_use_tls and _email_use_ssl:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be set")
MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": env_str("EMAIL_HOST", "127.0.0.1"),
            "port": env_int("EMAIL_PORT", 1025, minimum=1, maximum=65535),
            "username": env_str("EMAIL_HOST_USER", ""),
            "password": env_str("EMAIL_HOST_PASSWORD", ""),
            "use_tls": _email_use_tls,
            "use_ssl": _email_use_ssl,
            # Django's default is no timeout: a silent SMTP server would hang a worker for ever.
            "timeout": env_int("EMAIL_TIMEOUT", 30, minimum=1),
        },
    }
}
DEFAULT_FROM_EMAIL = env_email("DEFAULT_FROM_EMAIL", 'АО "Подольскогнеупор" <admin@podolskogneupor.ru>')
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFY_EMAIL = env_email("STAFF_NOTIFY_EMAIL", "info@podolskogneupor.ru")
EMAIL_MAX_ATTACHMENT_MB = env_int("EMAIL_MAX_ATTACHMENT_MB", 14, minimum=1)
# An access letter's password works for the first login only, and only this many days.
ACCESS_PASSWORD_TTL_DAYS = env_int("ACCESS_PASSWORD_TTL_DAYS", 14, minimum=1, maximum=90)

# --- Requests from the cabinet ----------------------------------------------------------------
PERIOD_MAX_DAYS = env_int("PERIOD_MAX_DAYS", 366, minimum=1)
REQUESTS_PER_HOUR = env_int("REQUESTS_PER_HOUR", 20, minimum=1)
ARCHIVE_TTL_DAYS = env_int("ARCHIVE_TTL_DAYS", 7, minimum=1)
# A running job whose heartbeat is older than this lost its worker; it must exceed the longest
# single 1C call (ONEC_ACT_TIMEOUT), during which no heartbeat is possible.
JOB_STALE_SECONDS = env_int("JOB_STALE_SECONDS", 300, minimum=1)
# An e-mail claimed for sending this long ago belongs to a worker that died mid-send.
MAIL_SENDING_STALE_SECONDS = env_int("MAIL_SENDING_STALE_SECONDS", 600, minimum=1)
# How long an unreachable 1C is retried (with backoff) before a request is marked unavailable.
ONEC_RETRY_WINDOW_MINUTES = env_int("ONEC_RETRY_WINDOW_MINUTES", 60, minimum=0)
# How often one ListChangedDocuments call (for every client at once) looks for new documents to
# announce; read when the schedule is created by migrate (apps/notices/migrations/0002_schedule.py).
NOTICES_POLL_MINUTES = env_int("NOTICES_POLL_MINUTES", 15, minimum=1, maximum=1440)

# --- Company shown in the header (defaults from the client guide) ---------------------------
COMPANY_NAME = env_str("COMPANY_NAME", 'АО "Подольскогнеупор"')
COMPANY_SITE = env_url("COMPANY_SITE", "https://podolskogneupor.ru")
COMPANY_PHONES = env_list("COMPANY_PHONES", ["(800) 302-71-15", "(4967) 58-03-73"])
COMPANY_EMAIL = env_email("COMPANY_EMAIL", "info@podolskogneupor.ru")
# The name an authenticator app shows next to the portal's codes (two-factor login).
MFA_TOTP_ISSUER = COMPANY_NAME

# --- Reconciliation and questions -----------------------------------------------------------
# Acts ordered before this local hour (TIME_ZONE) on a working day are reviewed the same day;
# later ones, and those ordered at the weekend, the next working day.
ACT_CUTOFF_HOUR = env_int("ACT_CUTOFF_HOUR", 15, minimum=0, maximum=23)
# The review queue highlights acts that have waited for a reviewer longer than this.
ACT_REVIEW_OVERDUE_HOURS = env_int("ACT_REVIEW_OVERDUE_HOURS", 4, minimum=1)
ACTS_PER_HOUR = env_int("ACTS_PER_HOUR", 10, minimum=1)
ACT_MAX_UPLOAD_MB = env_int("ACT_MAX_UPLOAD_MB", 20, minimum=1)
QUESTIONS_PER_HOUR = env_int("QUESTIONS_PER_HOUR", 5, minimum=1)
QUESTION_NAME_MAX_LENGTH = env_int("QUESTION_NAME_MAX_LENGTH", 200, minimum=10, maximum=255)
QUESTION_TEXT_MAX_LENGTH = env_int("QUESTION_TEXT_MAX_LENGTH", 3000, minimum=100)
ANSWER_TEXT_MAX_LENGTH = env_int("ANSWER_TEXT_MAX_LENGTH", 10000, minimum=100)

# --- 1C -------------------------------------------------------------------------------------
ONEC_BACKEND = env_str("ONEC_BACKEND", "soap")
if ONEC_BACKEND not in {"soap", "fake"}:
    raise ImproperlyConfigured(f"ONEC_BACKEND must be 'soap' or 'fake', got {ONEC_BACKEND!r}")
ONEC_WSDL_URL = env_url("ONEC_WSDL_URL", "http://127.0.0.1:8081/portal/ws/ClientPortal.1cws?wsdl")
ONEC_ENDPOINT_URL = env_url("ONEC_ENDPOINT_URL", "")
ONEC_USERNAME = env_str("ONEC_USERNAME", "portal")
ONEC_PASSWORD = env_str("ONEC_PASSWORD", "portal" if DEBUG else "")
# The whole of one call, from its start; the staff health page waits for it plus a second, which
# must stay under the web server's timeout (gunicorn.conf.py: 60 s).
ONEC_TIMEOUT = env_float("ONEC_TIMEOUT", 30.0, minimum=1.0, maximum=50.0)
ONEC_ACT_TIMEOUT = env_float("ONEC_ACT_TIMEOUT", 150.0, minimum=1.0)
ONEC_MAX_CONNECTIONS = env_int("ONEC_MAX_CONNECTIONS", 4, minimum=1, maximum=32)

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Unfold's admin runs Alpine.js (which evaluates expressions) and inline styles; staff pages
# get this looser policy, client pages keep the strict one above.
ADMIN_CSP = {
    **SECURE_CSP,
    "script-src": [CSP.SELF, CSP.UNSAFE_INLINE, CSP.UNSAFE_EVAL],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
}
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    # __Host- cookies are refused by browsers unless Secure, Path=/ and without Domain: they
    # cannot be set or overwritten by a sibling subdomain.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    LANGUAGE_COOKIE_NAME = "__Host-language"

# --- Logging --------------------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {LOG_LEVEL!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # django-q2 logs every scheduled sweep at INFO (several lines a minute); failures stay visible.
    "loggers": {"zeep": {"level": "WARNING"}, "django_q": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}

from project.unfold_conf import UNFOLD  # noqa: E402,F401  (kept apart: it is long and all presentation)
