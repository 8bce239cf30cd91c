"""E-mail: SMTP in every mode, the sender and where staff are told."""

from django.core.exceptions import ImproperlyConfigured

from project.env import env_bool, env_email, env_int, env_str

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
