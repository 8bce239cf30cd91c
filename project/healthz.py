"""/healthz for load balancers: 200 when this process can serve, 503 when it cannot.

Answered by the first middleware, before host validation, HTTPS redirect, sessions or CSRF: a
load balancer calls it every second by IP address over plain HTTP, and it must cost next to
nothing (three round trips). 1C's state is reported but never fails the check: with 1C down the
portal still serves its pages and queues requests for later, so taking it out of rotation would
help nobody.

The world gets the status code and {"status": "ok" | "failing"}; the report (which checks failed
and with what exception, heartbeats, 1C's timings) goes only to HEALTHZ_ALLOWED_IPS and to the
holder of HEALTHZ_TOKEN: it tells an attacker what is down and what the site runs on.
"""

import hmac
import ipaddress
import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from apps.core import health
from apps.onec.status import onec_status_get

PATH = "/healthz"
# Headers a reverse proxy adds: a request that carries one came through a proxy (or pretends to).
_PROXY_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def healthz(request: HttpRequest) -> HttpResponse:
    report = _report()
    body = report if _may_see_report(request) else {"status": report["status"]}
    status = 200 if report["status"] == "ok" else 503
    response = HttpResponse(json.dumps(body), content_type="application/json", status=status)
    response["Cache-Control"] = "no-store"
    return response


def _report() -> dict:
    onec = _run(onec_status_get)  # 1C's last known state lives in the cache: this read checks it
    report = {
        "database": _run(health.check_database),
        "cache": "ok" if not isinstance(onec, str) else onec,
        "broker": _run(health.check_broker),
        "workers": _run(health.check_workers),
    }
    healthy = all(report[name] == "ok" for name in ("database", "cache", "broker")) and _workers_ok(report["workers"])
    report["onec"] = {"state": "unknown"} if isinstance(onec, str) else {
        "state": onec.state, "last_ok_at": onec.last_ok_at, "last_error_at": onec.last_error_at,
    }  # fmt: skip
    report["status"] = "ok" if healthy else "failing"
    return report


def _may_see_report(request: HttpRequest) -> bool:
    return _has_token(request) or _from_allowed_address(request)


def _has_token(request: HttpRequest) -> bool:
    token = settings.HEALTHZ_TOKEN
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if not token or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(given.strip().encode(), token.encode())


def _from_allowed_address(request: HttpRequest) -> bool:
    # REMOTE_ADDR, never X-Forwarded-For (nor apps/core/ip.py's reading of it): load balancers call
    # /healthz directly, so the socket's peer is the caller, while X-Forwarded-For holds whatever
    # the caller wrote. A request carrying a proxy's header came through a proxy, whose address
    # REMOTE_ADDR then is (loopback, for nginx on the same host): the caller is unknown, a stranger.
    if any(request.META.get(header) for header in _PROXY_HEADERS):
        return False
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    if address.version == 6 and address.ipv4_mapped:  # "::ffff:10.0.0.7" from a dual-stack socket
        address = address.ipv4_mapped
    return any(address in network for network in settings.HEALTHZ_ALLOWED_IPS)


def _run(check: Callable):
    """The check's result, or "failed: …": a broken dependency is a failed check, never a 500."""
    try:
        return check()
    except Exception as error:
        return f"failed: {type(error).__name__}"


def _workers_ok(workers) -> bool:
    return isinstance(workers, dict) and all(cluster["ok"] for cluster in workers.values())


class HealthzMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return healthz(request)
        return self.get_response(request)
