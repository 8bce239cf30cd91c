"""/metrics answers Prometheus and nobody else: the allowed addresses (by REMOTE_ADDR, never a
proxy's header) and the holder of METRICS_TOKEN. Anybody else gets the site's 404, as for any
address that is not there."""

import os
import re
import subprocess
import sys
from ipaddress import ip_network
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.monitoring.helpers import LOOPBACK

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
STRANGER = "203.0.113.9"
TOKEN = "metrics-token-0123456789abcdefghijklmnop"


def _status(client, remote=STRANGER, **headers) -> int:
    return client.get("/metrics", REMOTE_ADDR=remote, headers=headers).status_code


def _page(response) -> str:
    """The page without what differs on every answer (the script's nonce, the CSRF token)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.content.decode()).replace("/no-such-page", "/metrics")


def test_a_stranger_gets_the_404_of_a_page_that_is_not_there(client):
    missing = client.get("/no-such-page", REMOTE_ADDR=STRANGER)
    response = client.get("/metrics", REMOTE_ADDR=STRANGER)
    assert response.status_code == missing.status_code == 404
    assert _page(response) == _page(missing)
    assert "portal_" not in response.content.decode()


def test_loopback_gets_the_metrics_by_default(client):
    assert _status(client, remote=LOOPBACK) == 200
    assert _status(client, remote="::1") == 200


def test_an_allowed_network_gets_them_and_replaces_the_default(client, settings):
    settings.METRICS_ALLOWED_IPS = [ip_network("10.0.0.0/8")]
    assert _status(client, remote="10.1.2.3") == 200
    assert _status(client, remote="::ffff:10.1.2.3") == 200  # a dual-stack socket's IPv4 peer
    assert _status(client, remote=LOOPBACK) == 404


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
def test_a_request_through_a_proxy_on_loopback_is_a_stranger(client, header):
    # nginx on the same host: REMOTE_ADDR is the proxy's loopback, the caller is anyone.
    assert _status(client, remote=LOOPBACK, **{header: STRANGER}) == 404


def test_the_right_token_gets_the_metrics_from_anywhere(client, settings):
    settings.METRICS_TOKEN = TOKEN
    assert _status(client, Authorization=f"Bearer {TOKEN}") == 200
    assert _status(client, Authorization=f"Bearer {TOKEN}", **{"X-Forwarded-For": STRANGER}) == 200


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer", f"Basic {TOKEN}", "Bearer ё"])
def test_a_wrong_token_gets_a_404(client, settings, header):
    settings.METRICS_TOKEN = TOKEN
    assert _status(client, Authorization=header) == 404


def test_no_token_is_accepted_when_none_is_set(client, settings):
    settings.METRICS_TOKEN = ""
    for header in ("Bearer ", "Bearer", "Bearer  "):
        assert _status(client, Authorization=header) == 404


def test_the_healthz_token_does_not_open_metrics(client, settings):
    settings.HEALTHZ_TOKEN, settings.METRICS_TOKEN = TOKEN, ""
    assert _status(client, Authorization=f"Bearer {TOKEN}") == 404


def test_only_get_and_head_are_answered(client):
    assert client.head("/metrics", REMOTE_ADDR=LOOPBACK).status_code == 200
    assert client.post("/metrics", REMOTE_ADDR=LOOPBACK).status_code != 200


def test_the_answer_is_prometheus_text_that_parses_back(client):
    response = client.get("/metrics", REMOTE_ADDR=LOOPBACK)
    assert response["Content-Type"] == "text/plain; version=0.0.4; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    families = {family.name: family for family in text_string_to_metric_families(response.content.decode())}
    expected = {
        "portal_onec_call_duration_seconds": "histogram",
        "portal_job_outcomes": "counter",
        "portal_jobs_unfinished": "gauge",
        "portal_jobs_unfinished_oldest_seconds": "gauge",
        "portal_email_sends": "counter",
        "portal_emails_unsent": "gauge",
        "portal_emails_unsent_oldest_seconds": "gauge",
        "portal_notice_polls": "counter",
        "portal_notice_digests": "counter",
        "portal_logins": "counter",
        "portal_login_failures": "counter",
        "portal_login_lockouts": "counter",
        "portal_login_rate_limited": "counter",
    }
    assert {name: families[name].type for name in expected if name in families} == expected
    assert not [name for name in families if name.endswith("_created")]


def _load(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DATABASE_URL", "REDIS_URL"))}
    base.update(DJANGO_SETTINGS_MODULE="project.settings", DEBUG="1", **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.METRICS_ALLOWED_IPS)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("METRICS_ALLOWED_IPS", "localhost"),
        ("METRICS_ALLOWED_IPS", "10.0.0.1/8"),
        ("METRICS_TOKEN", "short"),
        ("METRICS_TOKEN", "a token with spaces in it, long enough to pass"),
        ("PROMETHEUS_MULTIPROC_DIR", "/nonexistent/portal-metrics"),
        ("PROMETHEUS_MULTIPROC_DIR", ""),  # set but empty: prometheus-client would write into the working directory
        ("LOG_FORMAT", "xml"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = _load({variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_good_values_are_read(tmp_path):
    env = {"METRICS_ALLOWED_IPS": "10.0.0.0/8, 2001:db8::/32", "METRICS_TOKEN": TOKEN}
    result = _load({**env, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "LOG_FORMAT": "json"})
    assert result.returncode == 0, result.stderr
    assert "10.0.0.0/8" in result.stdout and "2001:db8::/32" in result.stdout
