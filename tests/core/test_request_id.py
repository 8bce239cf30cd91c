"""Every log line of a page, and of the tasks it queues, carries one request id: the one its
response's X-Request-ID header shows (taken from the request's own header when that is sane)."""

import io
import json
import logging
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.urls import reverse
from django_q import tasks as django_q_tasks

from apps.core.logs import JsonFormatter, PlainFormatter
from apps.core.request_id import request_id_get
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[2]
INN = "5036012344"
GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def json_lines():
    """The root logger's lines as LOG_FORMAT=json writes them, parsed back (each must parse)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)

    def read() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield read
    root.removeHandler(handler)


@pytest.fixture
def held_tasks(monkeypatch):
    """Tasks queued are kept as django-q2's signed packages instead of being run inline, to be
    run later through the worker's own loop, outside the page that queued them."""
    packages = []
    run = django_q_tasks._sync
    monkeypatch.setattr(django_q_tasks, "_sync", packages.append)

    def run_all() -> None:
        while packages:
            run(packages.pop(0))

    return run_all


def test_a_sane_incoming_id_is_kept_and_returned(client):
    response = client.get(reverse("account_login"), headers={"X-Request-ID": "nginx-7f3a.b_2"})
    assert response["X-Request-ID"] == "nginx-7f3a.b_2"


@pytest.mark.parametrize("given", ["two words", "x" * 65, "ид-запроса", "a;b", "a\tb", ""])
def test_an_id_that_is_not_a_sane_token_is_replaced(client, given):
    response = client.get(reverse("account_login"), headers={"X-Request-ID": given})
    assert GENERATED.fullmatch(response["X-Request-ID"])


def test_each_request_gets_an_id_of_its_own_and_keeps_none_after(client):
    first = client.get(reverse("account_login"))["X-Request-ID"]
    second = client.get(reverse("account_login"))["X-Request-ID"]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second
    assert request_id_get() is None


@pytest.mark.integration
def test_a_pages_json_lines_carry_the_id_its_response_shows(logged_in, onec_emulator, json_lines):
    # The register asks 1C for three kinds at once, from a thread pool: its threads log too.
    response = logged_in.get(reverse("cabinet:register"))
    missing = logged_in.get("/no-such-page/")

    lines = json_lines()
    onec = [line for line in lines if line["logger"] == "apps.onec"]
    assert len(onec) == 3 and all(line["message"].startswith("1C ListDocuments") for line in onec)
    assert {line["request_id"] for line in onec} == {response["X-Request-ID"]}
    # Django logs a 404 after the middleware has returned: the id is still the request's.
    [not_found] = [line for line in lines if line["logger"] == "django.request"]
    assert not_found["request_id"] == missing["X-Request-ID"] != response["X-Request-ID"]
    assert not_found["level"] == "WARNING" and not_found["message"] == "Not Found: /no-such-page/"
    assert set(not_found) == {"time", "level", "logger", "message", "request_id"}


def test_the_archive_task_a_page_queues_logs_under_the_pages_id(logged_in, fake_onec, json_lines, held_tasks):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    values = {"date_from": "2026-01-01", "date_to": "2026-01-31", "email": "buh@profkeramika.example"}
    response = logged_in.post(reverse("cabinet:documents_invoice"), values, headers={"X-Request-ID": "page-42"})
    assert response["X-Request-ID"] == "page-42"
    assert DocumentRequest.objects.get().status == "queued"
    assert request_id_get() is None  # the page is over: only the task's package knows the id

    held_tasks()

    assert DocumentRequest.objects.get().status == "sent"
    [sent] = [line for line in json_lines() if line["message"].startswith("mail sent")]
    assert sent["request_id"] == "page-42"
    assert request_id_get() is None  # the worker's loop forgets it after the task


def test_the_email_task_a_page_queues_logs_under_the_pages_id(logged_in, json_lines, held_tasks):
    question = {"name": "Ирина", "text": "Когда придёт счёт за октябрь?", "email": "irina@profkeramika.example"}
    logged_in.post(reverse("cabinet:question_ask"), question, headers={"X-Request-ID": "question-page-1"})
    assert OutgoingEmail.objects.get().status == "pending"

    held_tasks()

    assert OutgoingEmail.objects.get().status == "sent"
    [sent] = [line for line in json_lines() if line["message"].startswith("mail sent")]
    assert sent["request_id"] == "question-page-1"


def test_a_scheduled_task_logs_under_an_id_of_its_own(fake_onec, json_lines, held_tasks):
    for _ in range(2):
        django_q_tasks.async_task("apps.notices.tasks.poll_new_documents")  # no page: as the scheduler queues
    held_tasks()
    polls = [line["request_id"] for line in json_lines() if line["logger"] == "apps.notices.poll"]
    assert len(polls) == 2 and polls[0] != polls[1]
    assert all(GENERATED.fullmatch(request_id) for request_id in polls)


def test_a_plain_line_carries_the_id_too(client):
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(PlainFormatter("%(levelname)s %(name)s [%(request_id)s] %(message)s"))
    logging.getLogger("django.request").addHandler(handler)
    try:
        response = client.get("/no-such-page/")
        logging.getLogger("django.request").warning("после")
    finally:
        logging.getLogger("django.request").removeHandler(handler)
    assert stream.getvalue().splitlines() == [
        f"WARNING django.request [{response['X-Request-ID']}] Not Found: /no-such-page/",
        "WARNING django.request [-] после",
    ]


def test_json_lines_keep_a_traceback_on_one_line():
    try:
        raise ValueError("плохо\nсовсем")
    except ValueError:
        record = logging.LogRecord("apps.test", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["message"] == "failed" and "ValueError: плохо\nсовсем" in entry["exception"]


def test_log_format_json_makes_the_processes_lines_json():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DEBUG", "DATABASE_URL", "REDIS_URL"))}
    env.update(DJANGO_SETTINGS_MODULE="project.settings", DEBUG="1", LOG_FORMAT="json")
    code = "import django, logging; django.setup(); logging.getLogger('apps.test').warning('сбой %s', 1)"
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stderr.strip().splitlines()[-1])
    assert (entry["level"], entry["logger"], entry["message"], entry["request_id"]) == (
        "WARNING",
        "apps.test",
        "сбой 1",
        None,
    )
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", entry["time"])
