"""/metrics in Prometheus' text format, for METRICS_ALLOWED_IPS and the holder of METRICS_TOKEN.

Answered near the top of the middleware, like /healthz: Prometheus scrapes a node by its address
over plain HTTP, which host validation and the HTTPS redirect would refuse. Anybody else is passed
on to the rest of the site, which has no such page: the same 404 as any other address, so
/metrics does not even say that it exists.

A scrape sums this node's processes when PROMETHEUS_MULTIPROC_DIR is set (gunicorn's workers
and the clusters' workers each write their counters there), else it shows this process alone;
the database's gauges (apps/monitoring/collectors.py) come with either.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from prometheus_client import REGISTRY, CollectorRegistry, disable_created_metrics, generate_latest, multiprocess
from prometheus_client.exposition import CONTENT_TYPE_PLAIN_0_0_4

from apps.core.operators import operator_allowed
from apps.monitoring.collectors import DatabaseCollector

PATH = "/metrics"
# A counter's `_created` series says when a process first counted it: noise on a dashboard, and
# missing in multiprocess mode anyway, so that a scrape reads the same in either mode.
disable_created_metrics()


def metrics(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(generate_latest(_Scrape()), content_type=CONTENT_TYPE_PLAIN_0_0_4)
    response["Cache-Control"] = "no-store"
    return response


class _Scrape:
    """The collectors of one scrape: the processes' counters, then the database's gauges."""

    def collect(self):
        if settings.PROMETHEUS_MULTIPROC_DIR:
            processes = CollectorRegistry()
            multiprocess.MultiProcessCollector(processes, path=settings.PROMETHEUS_MULTIPROC_DIR)
        else:
            processes = REGISTRY
        yield from processes.collect()
        yield from DatabaseCollector().collect()


class MetricsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == PATH and request.method in ("GET", "HEAD") and _allowed(request):
            return metrics(request)
        return self.get_response(request)


def _allowed(request: HttpRequest) -> bool:
    return operator_allowed(request, networks=settings.METRICS_ALLOWED_IPS, token=settings.METRICS_TOKEN)
