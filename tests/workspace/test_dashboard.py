"""The admin's front page is the staff workspace: the work waiting, with the right numbers."""

import re
from datetime import date, timedelta
from itertools import count

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail
from apps.onec.status import onec_status_forget, onec_status_record
from apps.questions.models import Question
from apps.reconciliation.models import ReconciliationAct
from apps.workspace.dashboard import requests_per_day

pytestmark = pytest.mark.django_db

_serial = count(1)


def _act(client, *, status="in_review", waited_hours=1):
    return ReconciliationAct.objects.create(
        client=client,
        date_from=date(2026, 1, 1),
        date_to=date(2026, 3, 31),
        email="buh@example.com",
        status=status,
        review_started_at=timezone.now() - timedelta(hours=waited_hours),
    )


def _request(client, *, status, days_ago=0):
    request = DocumentRequest.objects.create(
        client=client,
        kind="Invoice",
        date_from=date(2026, 1, 1),
        date_to=date(2026, 1, 31),
        email="buh@example.com",
        status=status,
    )
    DocumentRequest.objects.filter(id=request.id).update(created_at=timezone.now() - timedelta(days=days_ago))
    return request


def _email(*, status, attempts=0):
    n = next(_serial)
    return OutgoingEmail.objects.create(
        key=f"test.{n}",
        to="buh@example.com",
        from_email="portal@example.com",
        subject="Тема",
        body_text="Текст",
        message_id=f"<{n}@test>",
        status=status,
        attempts=attempts,
    )


def _question(client, *, status="new"):
    return Question.objects.create(
        client=client, name="Ирина", text="Когда отгрузка?", email="a@b.example", status=status
    )


@pytest.fixture
def workload(client_org, settings):
    settings.ACT_REVIEW_OVERDUE_HOURS = 4
    _act(client_org, waited_hours=1)
    _act(client_org, waited_hours=5)
    _act(client_org, waited_hours=30)
    _act(client_org, status="sent", waited_hours=50)
    _question(client_org)
    _question(client_org)
    _question(client_org, status="answered")
    _request(client_org, status="sent")
    _request(client_org, status="sent")
    _request(client_org, status="not_found")
    _request(client_org, status="queued")
    _request(client_org, status="sent", days_ago=3)
    _email(status="failed", attempts=8)
    _email(status="pending", attempts=2)
    _email(status="pending")
    _email(status="sent", attempts=1)


def _count(page: str, name: str) -> int:
    match = re.search(rf'data-count="{name}">(\d+)<', page)
    assert match, name
    return int(match.group(1))


def test_admin_index_shows_the_work_waiting(client, superuser, workload):
    onec_status_forget()
    onec_status_record(ok=True)
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()

    assert (_count(page, "acts-waiting"), _count(page, "acts-overdue")) == (3, 2)
    assert _count(page, "questions-new") == 2
    assert _count(page, "requests-today") == 4
    assert "отправлено: 2" in page and "организация не найдена в 1С: 1" in page and "в очереди: 1" in page
    assert (_count(page, "emails-failed"), _count(page, "emails-retrying")) == (1, 1)
    assert 'data-onec-state="ok"' in page and "Последний ответ:" in page


def test_the_workspace_comes_before_the_app_list(client, superuser, workload):
    client.force_login(superuser)
    page = client.get("/admin/").content.decode()
    # The sidebar opens with the work; django-axes waits under "all applications".
    assert page.index("/admin/reconciliation/actinreview/") < page.index("/admin/axes/")
    # In the page itself the tiles come first, then the apps, ours before django-axes.
    content = page[page.index('id="workspace"') :]
    assert content.index("/admin/reconciliation/actinreview/") < content.index("/admin/axes/accessattempt/")


def test_onec_tile_says_when_1c_is_down_without_calling_it(client, superuser, fake_onec):
    onec_status_forget()
    onec_status_record(ok=False, error="timeout")
    client.force_login(superuser)
    fake_onec.set_down()
    page = client.get("/admin/").content.decode()
    assert 'data-onec-state="unavailable"' in page
    assert fake_onec.calls == []


def test_onec_tile_unknown_before_any_call(client, superuser):
    onec_status_forget()
    client.force_login(superuser)
    assert 'data-onec-state="unknown"' in client.get("/admin/").content.decode()


def test_index_costs_the_same_few_queries_with_more_work(client, superuser, client_org):
    client.force_login(superuser)
    client.get("/admin/")  # warms the caches of content types and permissions

    with CaptureQueriesContext(connection) as empty:
        assert client.get("/admin/").status_code == 200
    for days_ago in range(20):
        _request(client_org, status="sent", days_ago=days_ago)
        _act(client_org, waited_hours=days_ago)
        _question(client_org)
        _email(status="failed")
    with CaptureQueriesContext(connection) as busy:
        assert client.get("/admin/").status_code == 200
    assert len(busy) == len(empty)
    assert len(busy) <= 15, [q["sql"] for q in busy.captured_queries]


def test_chart_counts_requests_per_local_day_for_two_weeks(client_org):
    _request(client_org, status="sent")
    _request(client_org, status="failed")
    _request(client_org, status="sent", days_ago=13)
    _request(client_org, status="sent", days_ago=14)  # outside the window
    per_day = requests_per_day(now=timezone.now())
    assert len(per_day) == 14
    assert per_day[-1] == (timezone.localdate(), 2)
    assert per_day[0] == (timezone.localdate() - timedelta(days=13), 1)
    assert sum(n for _day, n in per_day) == 3


def test_staff_without_permissions_see_no_numbers_of_the_work(client, staff_user, workload):
    client.force_login(staff_user)
    page = client.get("/admin/").content.decode()
    assert 'data-count="acts-waiting"' not in page
    assert 'data-count="questions-new"' not in page
    assert 'data-count="emails-failed"' not in page
