"""The address a request came from, as the rate limits and the staff lockout must see it.

Behind a reverse proxy REMOTE_ADDR is the proxy's own address: limits keyed on it would let one
attacker lock every client out. Each trusted proxy appends the address it received the request
from to X-Forwarded-For, so with N proxies in front the client's address is the N-th entry
from the right; entries further left are whatever the client chose to send and are ignored.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str:
    """The client's address: REMOTE_ADDR with no proxy, else the entry the outermost trusted
    proxy wrote. A request that did not pass through every proxy (too few entries) or carries a
    malformed entry falls back to REMOTE_ADDR, which the client cannot forge."""
    remote = request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104  (an address, not a bind)
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < count:
        return remote
    return _valid_ip(entries[-count]) or remote


def _valid_ip(text: str) -> str | None:
    if text.startswith("[") and "]" in text:  # "[::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None
