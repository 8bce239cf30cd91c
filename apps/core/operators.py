"""Who may read what the portal tells its operators: /healthz's report and /metrics.

Both are called by machines (a load balancer, Prometheus) by address over plain HTTP, and both
tell an attacker what is down and what the site runs on. So each is given to callers from its
own list of networks, or holding its own bearer token, and to nobody else.
"""

import hmac
import ipaddress
from collections.abc import Sequence

from django.http import HttpRequest

# Headers a reverse proxy adds: a request that carries one came through a proxy (or pretends to).
PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def operator_allowed(request: HttpRequest, *, networks: Sequence[Network], token: str) -> bool:
    """The caller holds `token` (empty: no token is accepted) or connects from `networks`."""
    return _has_token(request, token) or _from_networks(request, networks)


def _has_token(request: HttpRequest, token: str) -> bool:
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _from_networks(request: HttpRequest, networks: Sequence[Network]) -> bool:
    # REMOTE_ADDR, never X-Forwarded-For (nor apps/core/ip.py's reading of it): machines call
    # directly, so the socket's peer is the caller, while X-Forwarded-For holds whatever the
    # caller wrote. A request carrying a proxy's header came through a proxy, whose address
    # REMOTE_ADDR then is (loopback, for nginx on the same host): the caller is unknown, a stranger.
    if any(request.META.get(header) for header in PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:  # "::ffff:10.0.0.7" from a dual-stack socket
        address = address.ipv4_mapped
    return any(address in network for network in networks)
