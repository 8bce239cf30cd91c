"""Admin actions that do something need a permission of their own: looking is not acting."""

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.clients.models import AccessLetter
from apps.documents import services as documents
from apps.mail.models import OutgoingEmail
from apps.reconciliation.models import ReconciliationAct

pytestmark = pytest.mark.django_db(transaction=True)


def _grant(user, *codenames: str) -> None:
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))


@pytest.fixture
def failed_request(client_org, fake_onec, settings):
    settings.ONEC_RETRY_WINDOW_MINUTES = 0
    fake_onec.add_document(client_org.inn, "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = documents.document_request_create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email="a@b.example"
    )
    fake_onec.set_down(False)
    request.refresh_from_db()
    assert request.status == "unavailable"
    return request


@pytest.fixture
def failed_email(db):
    return OutgoingEmail.objects.create(
        key="test.failed.1", to="buh@example.com", subject="Отчёт", body_text="Текст", message_id="<t1@example>",
        status=OutgoingEmail.Status.FAILED, attempts=8,
    )  # fmt: skip


@pytest.fixture
def as_staff(client, staff_user):
    client.force_login(staff_user)
    return client


def _retry_url(request) -> str:
    return reverse("admin:documents_documentrequest_retry_one", args=[request.id])


def test_staff_who_may_only_look_cannot_retry_a_request_on_get_or_post(as_staff, staff_user, failed_request):
    _grant(staff_user, "view_documentrequest")
    page = as_staff.get(reverse("admin:documents_documentrequest_change", args=[failed_request.id]))
    assert page.status_code == 200
    assert _retry_url(failed_request) not in page.content.decode()  # no button either

    assert as_staff.get(_retry_url(failed_request)).status_code == 403
    assert as_staff.post(_retry_url(failed_request)).status_code == 403
    changelist = reverse("admin:documents_documentrequest_changelist")
    as_staff.post(changelist, {"action": "retry", "index": 0, "_selected_action": [failed_request.id]})
    failed_request.refresh_from_db()
    assert failed_request.status == "unavailable"


def test_staff_with_the_retry_permission_retries_a_request(as_staff, staff_user, failed_request):
    _grant(staff_user, "view_documentrequest", "retry_documentrequest")
    page = as_staff.get(reverse("admin:documents_documentrequest_change", args=[failed_request.id]))
    assert _retry_url(failed_request) in page.content.decode()
    assert as_staff.get(_retry_url(failed_request)).status_code == 200  # asks first
    failed_request.refresh_from_db()
    assert failed_request.status == "unavailable"

    assert as_staff.post(_retry_url(failed_request)).status_code == 302
    failed_request.refresh_from_db()
    assert failed_request.status == "sent"


def test_staff_who_may_only_read_the_outbox_cannot_resend(as_staff, staff_user, failed_email):
    _grant(staff_user, "view_outgoingemail")
    changelist = reverse("admin:mail_outgoingemail_changelist")
    assert "Отправить ещё раз" not in as_staff.get(changelist).content.decode()
    as_staff.post(changelist, {"action": "resend", "index": 0, "_selected_action": [failed_email.id]})
    failed_email.refresh_from_db()
    assert failed_email.status == "failed"


def test_staff_with_the_resend_permission_resends(as_staff, staff_user, failed_email):
    _grant(staff_user, "view_outgoingemail", "resend_outgoingemail")
    changelist = reverse("admin:mail_outgoingemail_changelist")
    assert "Отправить ещё раз" in as_staff.get(changelist).content.decode()
    response = as_staff.post(
        changelist, {"action": "resend", "index": 0, "_selected_action": [failed_email.id]}, follow=True
    )
    assert "Поставлено в отправку писем: 1." in response.content.decode()
    failed_email.refresh_from_db()
    assert failed_email.status == "sent"


def test_staff_who_may_only_look_at_clients_cannot_send_access(as_staff, staff_user, client_org):
    _grant(staff_user, "view_client")
    changelist = reverse("admin:clients_client_changelist")
    assert "Отправить доступ" not in as_staff.get(changelist).content.decode()
    as_staff.post(changelist, {"action": "send_access", "index": 0, "_selected_action": [client_org.id]})
    assert not AccessLetter.objects.exists()


def test_staff_who_may_only_look_at_acts_cannot_review_them(as_staff, staff_user, client_org):
    _grant(staff_user, "view_reconciliationact")
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email,
        status=ReconciliationAct.Status.IN_REVIEW,
    )  # fmt: skip
    for name in ("approve", "reject"):
        url = reverse(f"admin:reconciliation_reconciliationact_{name}", args=[act.id])
        assert as_staff.post(url, {"reason": "Не то"}).status_code == 403
    act.refresh_from_db()
    assert act.status == "in_review"
