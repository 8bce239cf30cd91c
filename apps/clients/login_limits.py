"""A ceiling on one login's failed logins, whatever addresses they come from.

allauth's "login_failed" limits key on the address, and on the login *and* the address
(`PortalAccountAdapter._get_login_attempts_cache_key`), so that nobody can lock an organisation
out; alone they leave guesses spread over many addresses without a ceiling. This one counts a
login's failures from anywhere: the first LOGIN_FAILURES_PER_DAY in a day go through, then one
attempt every LOGIN_SLOWDOWN_MINUTES. A slowdown, not a lockout: the owner waits minutes at
worst, or resets the password, which clears the count. Both are allauth rates in
ACCOUNT_RATE_LIMITS, counted and expired by allauth's own machinery.
"""

from allauth.core.internal import ratelimit
from django.http import HttpRequest

APP = "allauth.account"
DAILY = "login_failed_per_login"
SLOWED = "login_failed_per_login_slowed"


def login_ceiling_consume(request: HttpRequest, *, key: str) -> ratelimit.RateLimitUsage | None:
    """Count an attempt at the login `key` before its password is checked.

    Returns the usage, to roll back when the password is right, or None: the login must wait.
    """
    usage = ratelimit.consume(request, app=APP, action=DAILY, key=key)
    if usage is None:
        usage = ratelimit.consume(request, app=APP, action=SLOWED, key=key)
    return usage


def login_ceiling_clear(request: HttpRequest, *, key: str) -> None:
    """Forget the login's failures: its password changed, so guesses at the old one are moot."""
    for action in (DAILY, SLOWED):
        ratelimit.clear(request, app=APP, action=action, key=key)
