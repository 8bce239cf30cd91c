"""With PROMETHEUS_MULTIPROC_DIR, one scrape of a node sums what all its processes counted:
gunicorn's workers and the clusters' workers are separate processes, and Prometheus asks one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.monitoring.helpers import scrape, value

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]

COUNT = """
import sys, django
django.setup()
from apps.core.metrics import LOGIN_FAILURES
from apps.onec.status import onec_call_observe
LOGIN_FAILURES.inc(int(sys.argv[1]))
onec_call_observe(operation="Ping", outcome="ok", seconds=float(sys.argv[2]))
"""


def _process(directory: Path, failures: int, seconds: float) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="project.settings", DEBUG="1", PROMETHEUS_MULTIPROC_DIR=str(directory))
    command = [sys.executable, "-c", COUNT, str(failures), str(seconds)]
    return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


def test_two_processes_count_and_one_scrape_sums_them(client, settings, tmp_path):
    processes = [_process(tmp_path, 1, 0.25), _process(tmp_path, 2, 0.5)]
    for process in processes:
        _, errors = process.communicate(timeout=60)
        assert process.returncode == 0, errors
    assert len(list(tmp_path.glob("*.db"))) >= 2  # a file per process

    settings.PROMETHEUS_MULTIPROC_DIR = str(tmp_path)
    samples = scrape(client)

    # Exactly the two processes' counts: this process counts in its own memory, not in the folder.
    assert value(samples, "portal_login_failures_total") == 3
    assert value(samples, "portal_onec_call_duration_seconds_count", operation="Ping", outcome="ok") == 2
    assert value(samples, "portal_onec_call_duration_seconds_sum", operation="Ping", outcome="ok") == 0.75
    bucket = {"operation": "Ping", "outcome": "ok", "le": "0.25"}
    assert value(samples, "portal_onec_call_duration_seconds_bucket", **bucket) == 1
    # The database's gauges come with the files' counters.
    assert ("portal_emails_unsent", frozenset({"status": "pending"}.items())) in samples
