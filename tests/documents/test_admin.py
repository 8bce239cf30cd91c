from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from apps.documents import services
from apps.documents.models import DocumentRequest

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def unavailable_request(client_org, fake_onec, settings):
    settings.ONEC_RETRY_WINDOW_MINUTES = 0
    fake_onec.add_document(client_org.inn, "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email="a@b.example"
    )
    fake_onec.set_down(False)
    return request


@pytest.fixture
def operator(client, staff_user):
    staff_user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_documentrequest", "retry_documentrequest"])
    )
    client.force_login(staff_user)
    return client


def test_staff_sees_the_timeline_and_retries_a_failed_request(operator, unavailable_request):
    page = reverse("admin:documents_documentrequest_change", args=[unavailable_request.id])
    html = operator.get(page).content.decode()
    assert "documents.request.created" in html
    assert "documents.request.unavailable" in html
    assert "1С недоступна" in html

    retry = reverse("admin:documents_documentrequest_retry_one", args=[unavailable_request.id])
    confirm = operator.get(retry)  # a link only asks: nothing happens on GET
    assert confirm.status_code == 200
    assert "Поставить запрос" in confirm.content.decode()
    unavailable_request.refresh_from_db()
    assert unavailable_request.status == "unavailable"

    response = operator.post(retry)
    assert response.status_code == 302
    unavailable_request.refresh_from_db()
    assert unavailable_request.status == "sent"
    html = operator.get(page).content.decode()
    assert "documents.request.retried" in html
    assert "отправлено" in html  # the e-mail and its delivery status


def test_list_filters_by_status_and_kind(operator, unavailable_request, client_org):
    DocumentRequest.objects.create(
        client=client_org, kind="Closing", date_from=date(2026, 2, 1), date_to=date(2026, 2, 28), email="x@b.example",
        status="empty",
    )  # fmt: skip
    url = reverse("admin:documents_documentrequest_changelist")
    html = operator.get(url, {"status__exact": "unavailable"}).content.decode()
    assert "a@b.example" in html and "x@b.example" not in html
    html = operator.get(url, {"kind__exact": "Closing"}).content.decode()
    assert "x@b.example" in html and "a@b.example" not in html


def test_staff_without_the_view_permission_cannot_retry(client, staff_user, unavailable_request):
    client.force_login(staff_user)
    response = client.post(reverse("admin:documents_documentrequest_retry_one", args=[unavailable_request.id]))
    assert response.status_code in (302, 403)
    unavailable_request.refresh_from_db()
    assert unavailable_request.status == "unavailable"
