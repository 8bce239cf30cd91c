"""Settings of the client portal, read from the environment.

Defaults make `make demo` run on a laptop (SQLite, django-q2's ORM broker, a local SMTP
catcher); production sets DATABASE_URL, REDIS_URL, SECRET_KEY and the mail/1C variables.
Any bad value stops start-up with ImproperlyConfigured naming the variable.

This module holds what makes the site a Django site (apps, middleware, templates, languages,
logs); each subject has a module of its own in project/config/, gathered at the end.
"""

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from project.config.base import BASE_DIR, DEBUG, VAR_DIR  # noqa: F401  (VAR_DIR: settings_test)
from project.env import env_directory, env_list, env_str, env_url

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
    "apps.claims",
    "apps.payments",
    "apps.cabinet",
    "apps.workspace",
]

MIDDLEWARE = [
    # The request id every log line of the request carries, and the tasks it queues (apps/core/request_id.py).
    "apps.core.request_id.RequestIdMiddleware",
    # /healthz answers before host checks, the HTTPS redirect and sessions (project/healthz.py).
    "project.healthz.HealthzMiddleware",
    # The same for /metrics, to METRICS_ALLOWED_IPS and METRICS_TOKEN only (apps/monitoring/middleware.py).
    "apps.monitoring.middleware.MetricsMiddleware",
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
    # With DEBUG on, the portal's 404 instead of Django's technical page for client pages.
    "apps.cabinet.middleware.PortalNotFoundMiddleware",
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

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Russian dates as staff read them: «28 ноября 2026, 09:05» (project/formats/ru/formats.py).
FORMAT_MODULE_PATH = ["project.formats"]
TIME_ZONE = env_str("TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

# --- Logs and metrics -----------------------------------------------------------------------
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR"}:
    raise ImproperlyConfigured(f"LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {LOG_LEVEL!r}")
# "json": one JSON object a line for a log shipper; both carry the request id (apps/core/logs.py).
LOG_FORMAT = env_str("LOG_FORMAT", "plain").lower()
if LOG_FORMAT not in {"plain", "json"}:
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "class": "apps.core.logs.PlainFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s",
        },
        "json": {"class": "apps.core.logs.JsonFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # django-q2 logs every scheduled sweep at INFO (several lines a minute); failures stay visible.
    "loggers": {"zeep": {"level": "WARNING"}, "django_q": {"level": "WARNING"}, "axes": {"level": "WARNING"}},
}
# Metrics (/metrics, apps/monitoring/): with several processes on a node (gunicorn's workers, the
# clusters' workers) the deployment gives them all this directory, where each writes its counters
# and a scrape sums them; unset, a process counts in memory alone. prometheus-client reads the
# variable itself when it is imported; here it is only checked.
PROMETHEUS_MULTIPROC_DIR = env_directory("PROMETHEUS_MULTIPROC_DIR")

# --- Each subject in its own module ---------------------------------------------------------
from project.config.auth import *  # noqa: E402,F403
from project.config.database import *  # noqa: E402,F403
from project.config.mail import *  # noqa: E402,F403
from project.config.onec import *  # noqa: E402,F403
from project.config.payments import *  # noqa: E402,F403
from project.config.portal import *  # noqa: E402,F403
from project.config.security import *  # noqa: E402,F403
from project.config.storage import *  # noqa: E402,F403
from project.unfold_conf import UNFOLD  # noqa: E402,F401  (kept apart: it is long and all presentation)
