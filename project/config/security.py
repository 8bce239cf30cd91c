"""Security headers, cookies, the Content Security Policy, the reverse proxies in front, and who
may read /healthz's report and /metrics."""

from django.utils.csp import CSP

from project.config.base import DEBUG
from project.env import env_bool, env_int, env_networks, env_token

# How many reverse proxies stand in front of the web server (0: clients connect directly). With
# N proxies, the client's address is the N-th entry from the right of X-Forwarded-For; the
# rate limits of the client login and the staff lockout are keyed on it (apps/core/ip.py).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)

# Who gets /healthz's report (failed checks, heartbeats, 1C's state) rather than its bare status:
# callers from these networks, and whoever sends "Authorization: Bearer <HEALTHZ_TOKEN>".
HEALTHZ_ALLOWED_IPS = env_networks("HEALTHZ_ALLOWED_IPS", ["127.0.0.0/8", "::1"])
HEALTHZ_TOKEN = env_token("HEALTHZ_TOKEN")  # empty: no token is accepted
# Who may scrape /metrics (apps/monitoring/), the same way: these networks and the holder of
# METRICS_TOKEN. Everybody else gets the 404 of a page that is not there.
METRICS_ALLOWED_IPS = env_networks("METRICS_ALLOWED_IPS", ["127.0.0.0/8", "::1"])
METRICS_TOKEN = env_token("METRICS_TOKEN")

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
