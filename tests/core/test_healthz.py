"""/healthz: what a load balancer sees, and that it stays cheap and never answers 500. The test
client calls from 127.0.0.1, an allowed address, so it gets the report (what the world gets:
tests/security/test_healthz_exposure.py)."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.core import health
from apps.core.models import Heartbeat
from apps.onec.status import onec_status_record

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def worker_heartbeat():
    for cluster in health.worker_clusters():
        health.heartbeat_record(cluster=cluster)


def _get(client, **extra):
    response = client.get("/healthz", **extra)
    return response.status_code, json.loads(response.content)


def test_healthy_with_a_recent_heartbeat_of_both_clusters(client):
    worker_heartbeat()
    status, body = _get(client)
    assert status == 200
    assert body["status"] == "ok"
    assert body["database"] == body["cache"] == body["broker"] == "ok"
    assert body["workers"]["portal"]["ok"] is True
    assert body["workers"]["portal-mail"]["ok"] is True


def test_a_missing_mail_cluster_fails_the_check(client):
    health.heartbeat_record(cluster="portal")
    status, body = _get(client)
    assert status == 503
    assert body["workers"]["portal-mail"]["ok"] is False


def test_the_heartbeat_task_beats_for_the_cluster_that_runs_it(monkeypatch):
    from django_q.conf import Conf

    from apps.core.tasks import worker_heartbeat as task

    monkeypatch.setattr(Conf, "CLUSTER_NAME", "portal-mail")
    task()
    assert list(Heartbeat.objects.values_list("cluster", flat=True)) == ["portal-mail"]


def test_each_cluster_has_its_heartbeat_schedule():
    from django_q.models import Schedule

    beats = Schedule.objects.filter(func="apps.core.tasks.worker_heartbeat")
    assert sorted(beats.values_list("cluster", flat=True), key=str) == sorted([None, "portal-mail"], key=str)
    assert Schedule.objects.get(name="mail.dispatch").cluster == "portal-mail"


def test_no_worker_heartbeat_fails_the_check(client):
    status, body = _get(client)
    assert status == 503
    assert body["status"] == "failing"
    assert body["workers"]["portal"] == {"ok": False, "last_seen_seconds_ago": None}


def test_a_stale_heartbeat_fails_the_check(client):
    worker_heartbeat()
    Heartbeat.objects.filter(cluster="portal").update(seen_at=timezone.now() - timedelta(minutes=4))
    status, body = _get(client)
    assert status == 503
    assert body["workers"]["portal"]["last_seen_seconds_ago"] >= 240


def test_1c_down_is_reported_but_does_not_fail_the_check(client):
    worker_heartbeat()
    onec_status_record(ok=False, error="1C did not answer within 30 s")
    status, body = _get(client)
    assert status == 200
    assert body["onec"]["state"] == "unavailable"
    assert body["onec"]["last_error_at"] is not None


def test_a_failing_database_check_answers_503_not_500(client, monkeypatch):
    worker_heartbeat()

    def broken():
        raise ConnectionError("database is gone")

    monkeypatch.setattr(health, "check_database", broken)
    status, body = _get(client)
    assert status == 503
    assert body["database"] == "failed: ConnectionError"


def test_answers_a_load_balancer_by_ip_over_plain_http(client, settings):
    settings.ALLOWED_HOSTS = ["portal.example.com"]
    settings.SECURE_SSL_REDIRECT = True
    worker_heartbeat()
    status, body = _get(client, HTTP_HOST="10.0.0.7:8000")
    assert status == 200
    assert body["status"] == "ok"


def test_costs_a_few_queries_and_sets_no_cookie(client):
    worker_heartbeat()
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert len(queries) <= 3  # SELECT 1, the heartbeats, and the cache when it is the database
    assert not response.cookies


def test_migrate_alone_leaves_a_working_cache(tmp_path):
    """A deployment that ran `migrate` and nothing else, without Redis: the cache (allauth's
    login limits) must work, where before it answered 500 at the first login."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="project.settings", DEBUG="1", VAR_DIR=str(tmp_path),
               DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")  # fmt: skip

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=300)  # fmt: skip

    assert manage("migrate", "--no-input").returncode == 0
    code = "from django.core.cache import cache; cache.set('k', 'v'); print(cache.get('k'))"
    result = manage("shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "v"


def test_an_unreachable_broker_fails_the_check(client, settings, monkeypatch):
    worker_heartbeat()
    settings.REDIS_URL = settings.REDIS_URL or "redis://127.0.0.1:6379/0"

    class Down:
        def ping(self):
            raise ConnectionError("Redis is gone")

    monkeypatch.setattr(health, "_broker", lambda: Down())
    status, body = _get(client)
    assert status == 503
    assert body["broker"] == "failed: ConnectionError"
