"""kill -9 the django-q2 worker at each phase of an archive request, restart it, and find
exactly one final state and exactly one e-mail.

The worker is a real `manage.py qcluster` process on the suite's broker (the ORM broker on
SQLite, Redis when REDIS_URL is set) and the test database; 1C is the emulator over HTTP and
mail goes to an SMTP server on loopback whose replies the test can slow down.
"""

import asyncio
import os
import signal
import subprocess
import time
import uuid
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from django.core.cache import cache
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone
from django_q.conf import Conf
from django_q.tasks import async_task

from apps.documents import services
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail
from apps.mail.services import outgoing_email_dispatch, outgoing_email_queue
from tests import clock
from tests.utils import free_port

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
STALE_SECONDS = 2


class SlowSMTP:
    """Accepts mail like any server, but can hold its answer to RCPT for `delay` seconds."""

    def __init__(self):
        self.delay = 0.0
        self.messages = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    handler = SlowSMTP()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    handler.port = controller.port
    yield handler
    controller.stop()


@pytest.fixture
def real_queue(monkeypatch, settings):
    """Queue tasks on the real broker instead of running them inline (the suite's default)."""
    monkeypatch.setattr(Conf, "SYNC", False)
    settings.JOB_STALE_SECONDS = STALE_SECONDS
    settings.MAIL_SENDING_STALE_SECONDS = STALE_SECONDS


def _database_url() -> str:
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"


class Worker:
    """The two qcluster process groups of a deployment (the main one and the mail one), killed
    together with SIGKILL, as a crashed host would lose them, and started again."""

    CLUSTERS = ("portal", "portal-mail")

    def __init__(self, env: dict, log: Path):
        self.env, self.log, self.processes = env, log, []

    def start(self) -> None:
        self.processes = [
            subprocess.Popen(
                clock.python_command("manage.py", "qcluster"),
                cwd=ROOT,
                env={**self.env, "Q_CLUSTER_NAME": cluster},
                stdout=self.log.open("ab"),
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            for cluster in self.CLUSTERS
        ]

    def kill(self) -> None:
        for process in self.processes:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def stop(self) -> None:
        if any(process.poll() is None for process in self.processes):
            self.kill()


@pytest.fixture
def worker(onec_emulator, smtp, real_queue, settings, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "project.settings",
        "DEBUG": "1",
        "DATABASE_URL": _database_url(),
        "ONEC_BACKEND": "soap",
        "ONEC_WSDL_URL": onec_emulator.wsdl_url,
        "ONEC_TIMEOUT": "15",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "EMAIL_TIMEOUT": "15",
        "PRIVATE_STORAGE_DIR": str(settings.PRIVATE_STORAGE_DIR),
        "VAR_DIR": str(tmp_path / "var"),
        "Q_WORKERS": "1",
        "JOB_STALE_SECONDS": str(STALE_SECONDS),
        "MAIL_SENDING_STALE_SECONDS": str(STALE_SECONDS),
    }
    process = Worker(env, tmp_path / "worker.log")
    process.start()
    yield process
    process.stop()


def _wait(condition, what: str, timeout: float = 60.0, log: Path | None = None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    tail = log.read_text(errors="replace")[-3000:] if log and log.exists() else ""
    raise AssertionError(f"timed out waiting for {what}\n{tail}")


def _drain(worker: Worker) -> None:
    """Wait until each cluster's single worker has run everything queued so far (FIFO), by queuing
    a marker on each queue."""
    for cluster in worker.CLUSTERS:
        key = f"drained-{cluster}-{uuid.uuid4().hex}"
        async_task("django.core.cache.cache.set", key, 1, 60, cluster=cluster)
        _wait(lambda key=key: cache.get(key), f"the {cluster} queue to drain", log=worker.log)


def _request(client_org) -> DocumentRequest:
    today = timezone.localdate()
    request, _ = services.document_request_create(
        client=client_org, kind="Closing", date_from=today - timedelta(days=90), date_to=today, email=client_org.email
    )  # the default address: no notice e-mail, so the archive's is the only one
    return request


def _status(request) -> str:
    return DocumentRequest.objects.values_list("status", flat=True).get(id=request.id)


def _email_status(request) -> str | None:
    return (
        OutgoingEmail.objects.filter(key=f"documents.request.{request.id}.sent")
        .values_list("status", flat=True)
        .first()
    )


def _assert_one_final_state_and_one_email(request, smtp) -> None:
    request.refresh_from_db()
    assert request.status == "sent", request.last_error
    assert request.finished_at is not None
    assert OutgoingEmail.objects.filter(key__startswith=f"documents.request.{request.id}.").count() == 1
    assert _email_status(request) == "sent"
    assert len(smtp.messages) == 1
    assert smtp.messages[0]["To"] == request.client.email


def test_killed_before_the_fetch(client_org, worker, onec_emulator, smtp):
    onec_emulator.set_latency(30_000)  # the worker hangs in ListDocuments
    request = _request(client_org)
    _wait(lambda: _status(request) == "running", "the worker to claim the request", log=worker.log)
    worker.kill()
    onec_emulator.set_latency(0)
    worker.start()

    time.sleep(STALE_SECONDS + 0.5)
    assert services.document_requests_sweep()["revived"] == 1
    _wait(lambda: _email_status(request) == "sent", "the e-mail to be sent", log=worker.log)
    _drain(worker)

    _assert_one_final_state_and_one_email(request, smtp)
    request.refresh_from_db()
    assert request.attempts == 2  # the killed attempt is counted by the request itself


def test_killed_after_the_zip_while_talking_to_smtp(client_org, worker, smtp):
    smtp.delay = 30  # the archive is built; the worker now waits on the SMTP server
    request = _request(client_org)
    _wait(lambda: _email_status(request) == "sending", "the e-mail to be claimed", log=worker.log)
    assert _status(request) == "sent"
    assert storages["private"].exists(DocumentRequest.objects.get(id=request.id).archive_path)
    worker.kill()
    smtp.delay = 0
    worker.start()

    time.sleep(STALE_SECONDS + 0.5)
    outgoing_email_dispatch()  # the scheduled sweep: a send left "sending" is released and resent
    _wait(lambda: _email_status(request) == "sent", "the e-mail to be resent", log=worker.log)
    _drain(worker)

    _assert_one_final_state_and_one_email(request, smtp)
    assert OutgoingEmail.objects.get(key=f"documents.request.{request.id}.sent").attempts == 2


def test_killed_after_smtp_accepted(client_org, worker, smtp):
    request = _request(client_org)
    _wait(lambda: _email_status(request) == "sent", "SMTP to accept the e-mail", log=worker.log)
    worker.kill()
    worker.start()

    # At-least-once delivery: both tasks arrive again after the restart, and the sweeps run.
    services.document_request_queue(request_id=request.id)
    email = OutgoingEmail.objects.get(key=f"documents.request.{request.id}.sent")
    outgoing_email_queue(email_id=email.id)
    time.sleep(STALE_SECONDS + 0.5)
    services.document_requests_sweep()
    outgoing_email_dispatch()
    _drain(worker)

    _assert_one_final_state_and_one_email(request, smtp)
