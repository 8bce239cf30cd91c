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

import json
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from apps.core import health
from apps.core.operators import operator_allowed
from apps.onec.status import onec_status_get

PATH = "/healthz"


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
    return operator_allowed(request, networks=settings.HEALTHZ_ALLOWED_IPS, token=settings.HEALTHZ_TOKEN)


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
