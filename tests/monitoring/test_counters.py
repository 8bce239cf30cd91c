"""What the portal does moves its counters on /metrics, with the labels an operator filters on.

Counters are the process's own and other tests move them too, so each test compares a scrape
before with a scrape after.
"""

import smtplib
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.documents.models import DocumentRequest
from apps.mail.services import outgoing_email_create
from apps.notices.poll import notices_poll
from apps.onec.backend import get_onec_client
from apps.onec.client import OneCError
from apps.reconciliation import services as acts
from tests.factories import PASSWORD
from tests.monitoring.helpers import scrape, value
from tests.reconciliation.conftest import grant

pytestmark = pytest.mark.django_db(transaction=True)

INN, UNKNOWN_TO_1C = "5036012344", "5036000010"
CALLS = "portal_onec_call_duration_seconds_count"


def _moved(before: dict, after: dict, name: str, **labels) -> float:
    return value(after, name, **labels) - value(before, name, **labels)


@pytest.mark.integration
def test_1c_calls_are_timed_by_operation_and_outcome(client, onec_emulator):
    onec = get_onec_client()
    before = scrape(client)
    onec.get_client(INN)
    with pytest.raises(OneCError):
        onec.get_client(UNKNOWN_TO_1C)
    onec_emulator.set_down()
    for _ in range(2):
        with pytest.raises(OneCError):
            onec.ping()
    after = scrape(client)

    assert _moved(before, after, CALLS, operation="GetClient", outcome="ok") == 1
    assert _moved(before, after, CALLS, operation="GetClient", outcome="client_not_found") == 1
    assert _moved(before, after, CALLS, operation="Ping", outcome="unavailable") == 2
    took = _moved(before, after, "portal_onec_call_duration_seconds_sum", operation="GetClient", outcome="ok")
    assert 0 < took < 5
    infinite = {"operation": "Ping", "outcome": "unavailable", "le": "+Inf"}
    assert _moved(before, after, "portal_onec_call_duration_seconds_bucket", **infinite) == 2


def _request_archive(client, **data):
    values = {"date_from": "2026-01-01", "date_to": "2026-01-31", "email": "buh@profkeramika.example", **data}
    return client.post(reverse("cabinet:documents_invoice"), values)


def test_an_archive_sent_counts_its_job_outcome_and_its_email(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    before = scrape(logged_in)
    _request_archive(logged_in)
    after = scrape(logged_in)

    assert DocumentRequest.objects.get().status == "sent"
    assert _moved(before, after, "portal_job_outcomes_total", kind="archive", outcome="sent") == 1
    assert _moved(before, after, "portal_email_sends_total", outcome="sent") == 1
    assert _moved(before, after, "portal_job_outcomes_total", kind="archive", outcome="retrying") == 0


def test_an_archive_waiting_for_1c_counts_a_retry_and_shows_in_the_queue(logged_in, fake_onec):
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    before = scrape(logged_in)
    _request_archive(logged_in)
    after = scrape(logged_in)

    assert _moved(before, after, "portal_job_outcomes_total", kind="archive", outcome="retrying") == 1
    assert value(after, "portal_jobs_unfinished", kind="archive", status="retrying") == 1
    assert _moved(before, after, "portal_email_sends_total", outcome="sent") == 0


@pytest.fixture
def reviewer(db):
    user = get_user_model().objects.create_user(username="reviewer", password=PASSWORD, is_staff=True)
    return grant(user, "view_reconciliationact", "review_reconciliationact")


def test_an_act_fetched_for_review_and_approved_counts_both_steps(client, client_org, fake_onec, reviewer):
    fake_onec.add_client(INN)
    fake_onec.set_act(INN, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    before = scrape(client)
    act = acts.act_order_create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email, language="ru"
    )
    middle = scrape(client)
    acts.act_approve(act=act, actor=reviewer)
    after = scrape(client)

    assert _moved(before, middle, "portal_job_outcomes_total", kind="act", outcome="in_review") == 1
    assert value(middle, "portal_jobs_unfinished", kind="act", status="in_review") == 1
    assert _moved(middle, after, "portal_job_outcomes_total", kind="act", outcome="sent") == 1
    assert value(after, "portal_jobs_unfinished", kind="act", status="in_review") == 0


def test_an_smtp_failure_counts_a_retry_and_a_refused_address_a_failure(client, client_org, fake_onec, monkeypatch):
    errors = iter([smtplib.SMTPServerDisconnected("lost"), smtplib.SMTPRecipientsRefused({})])

    def refuse(self, *args, **kwargs):
        raise next(errors)

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    before = scrape(client)
    outgoing_email_create(key="test.metrics.1", to="a@example.com", subject="Тема", body_text="Текст")
    outgoing_email_create(key="test.metrics.2", to="b@example.com", subject="Тема", body_text="Текст")
    after = scrape(client)

    assert _moved(before, after, "portal_email_sends_total", outcome="retrying") == 1
    assert _moved(before, after, "portal_email_sends_total", outcome="failed") == 1
    assert value(after, "portal_emails_unsent", status="pending") == 1
    assert value(after, "portal_emails_unsent", status="failed") == 1


def test_notice_polls_count_by_outcome(client, fake_onec):
    before = scrape(client)
    notices_poll()
    fake_onec.set_down()
    notices_poll()
    after = scrape(client)

    assert _moved(before, after, "portal_notice_polls_total", outcome="ok") == 1
    assert _moved(before, after, "portal_notice_polls_total", outcome="unavailable") == 1


def _login(client, login: str, password: str):
    return client.post(reverse("account_login"), {"login": login, "password": password})


def test_a_login_and_a_failed_login_are_counted(client, client_org, password):
    before = scrape(client)
    _login(client, INN, "wrong-password")
    _login(client, INN, password)
    after = scrape(client)

    assert _moved(before, after, "portal_login_failures_total") == 1
    assert _moved(before, after, "portal_logins_total") == 1


def test_a_login_refused_by_the_rate_limit_is_counted(client, client_org):
    before = scrape(client)
    for _ in range(6):  # allauth: 5 failures of one login from one address in 5 minutes
        _login(client, INN, "wrong-password")
    after = scrape(client)

    assert _moved(before, after, "portal_login_failures_total") == 5
    assert _moved(before, after, "portal_login_rate_limited_total", limit="address") == 1


def test_a_staff_lockout_is_counted(client, staff_user, password, settings):
    settings.AXES_FAILURE_LIMIT = 3
    before = scrape(client)
    for _ in range(2):
        client.post("/admin/login/", {"username": "manager", "password": "wrong-password"})
    middle = scrape(client)
    client.post("/admin/login/", {"username": "manager", "password": "wrong-password"})
    after = scrape(client)

    assert _moved(before, middle, "portal_login_lockouts_total") == 0
    assert _moved(middle, after, "portal_login_lockouts_total") == 1
    assert _moved(before, after, "portal_login_failures_total") == 3
