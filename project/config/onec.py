"""The 1C web service: which backend, where, with which credentials and timeouts."""

from django.core.exceptions import ImproperlyConfigured

from project.config.base import DEBUG
from project.env import env_float, env_int, env_str, env_url

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
# The portal's calls to 1C in flight at once across all its processes and nodes, each holding a
# 1C session and so a licence (apps/onec/sessions.py; docs/onec.md, «Licences»).
ONEC_MAX_SESSIONS = env_int("ONEC_MAX_SESSIONS", 8, minimum=1, maximum=1000)
