"""/healthz tells the world only whether the site is up: the report (exception class names,
heartbeats, 1C's timings) is for the allowed addresses and the holder of HEALTHZ_TOKEN."""

import json
import os
import subprocess
import sys
from ipaddress import ip_network
from pathlib import Path

import pytest

from apps.core import health

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]
STRANGER = "203.0.113.9"
TOKEN = "healthz-token-0123456789abcdefghijklmnop"


@pytest.fixture
def healthy():
    for cluster in health.worker_clusters():
        health.heartbeat_record(cluster=cluster)


@pytest.fixture
def broken_database(healthy, monkeypatch):
    def broken():
        raise ConnectionError("database is gone")

    monkeypatch.setattr(health, "check_database", broken)


def _get(client, remote=STRANGER, **headers):
    response = client.get("/healthz", REMOTE_ADDR=remote, headers=headers)
    return response.status_code, json.loads(response.content)


def test_a_stranger_gets_only_the_status(client, healthy):
    assert _get(client) == (200, {"status": "ok"})


def test_a_stranger_gets_no_detail_of_a_broken_dependency(client, broken_database):
    response = client.get("/healthz", REMOTE_ADDR=STRANGER)
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "failing"}
    assert b"ConnectionError" not in response.content


def test_loopback_gets_the_report_by_default(client, broken_database):
    for remote in ("127.0.0.1", "::1"):
        status, body = _get(client, remote=remote)
        assert status == 503 and body["database"] == "failed: ConnectionError"


def test_an_allowed_network_gets_the_report(client, healthy, settings):
    settings.HEALTHZ_ALLOWED_IPS = [ip_network("10.0.0.0/8"), ip_network("192.0.2.7/32")]
    for remote in ("10.20.30.40", "192.0.2.7"):
        status, body = _get(client, remote=remote)
        assert status == 200 and "workers" in body
    assert _get(client, remote="192.0.2.8") == (200, {"status": "ok"})
    assert _get(client, remote="127.0.0.1") == (200, {"status": "ok"})  # the default is replaced


def test_a_forged_forwarded_for_gets_no_detail(client, healthy):
    assert _get(client, **{"X-Forwarded-For": "127.0.0.1"}) == (200, {"status": "ok"})


def test_a_request_through_a_proxy_on_loopback_gets_no_detail(client, broken_database):
    # nginx on the same host: REMOTE_ADDR is the proxy's loopback, the caller is anyone.
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        assert _get(client, remote="127.0.0.1", **{header: STRANGER}) == (503, {"status": "failing"})


def test_the_right_token_gets_the_report(client, broken_database, settings):
    settings.HEALTHZ_TOKEN = TOKEN
    status, body = _get(client, Authorization=f"Bearer {TOKEN}")
    assert status == 503 and body["database"] == "failed: ConnectionError"


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}", "Bearer", f"Basic {TOKEN}", "Bearer ё"])
def test_a_wrong_token_gets_no_detail(client, broken_database, settings, header):
    settings.HEALTHZ_TOKEN = TOKEN
    assert _get(client, Authorization=header) == (503, {"status": "failing"})


def test_no_token_is_accepted_when_none_is_set(client, healthy, settings):
    settings.HEALTHZ_TOKEN = ""
    for header in ("Bearer ", "Bearer", "Bearer  "):
        assert _get(client, Authorization=header) == (200, {"status": "ok"})


def _load(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DATABASE_URL", "REDIS_URL"))}
    base.update(DJANGO_SETTINGS_MODULE="project.settings", DEBUG="1", **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.HEALTHZ_ALLOWED_IPS)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=base, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("HEALTHZ_ALLOWED_IPS", "localhost"),
        ("HEALTHZ_ALLOWED_IPS", "10.0.0.1/8"),  # host bits set: a typo, not a network
        ("HEALTHZ_ALLOWED_IPS", "10.0.0.0/33"),
        ("HEALTHZ_TOKEN", "short"),
    ],
)
def test_a_bad_value_stops_start_up_naming_the_variable(variable, value):
    result = _load({variable: value})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert variable in result.stderr.strip().splitlines()[-1]


def test_good_values_are_read():
    result = _load({"HEALTHZ_ALLOWED_IPS": "10.0.0.0/8, 192.0.2.7, 2001:db8::/32", "HEALTHZ_TOKEN": TOKEN})
    assert result.returncode == 0, result.stderr
    assert "10.0.0.0/8" in result.stdout and "192.0.2.7/32" in result.stdout and "2001:db8::/32" in result.stdout
