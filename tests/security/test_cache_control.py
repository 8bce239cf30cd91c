"""Every client page, staff page and download answers `Cache-Control: private, no-store`; static files do not."""

import io
from datetime import date

import pytest
from django.urls import reverse
from django.utils.cache import get_max_age

from apps.documents import services as documents
from apps.documents.models import DocumentRequest
from apps.reconciliation import services as reconciliation
from apps.reconciliation.models import ReconciliationAct

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").split(",") if part.strip()}


def assert_private_no_store(response) -> None:
    directives = _directives(response)
    assert {"private", "no-store"} <= directives, response.get("Cache-Control")
    assert "public" not in directives


@pytest.fixture
def finished_request(client_org) -> DocumentRequest:
    return DocumentRequest.objects.create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31),
        email=client_org.email, status="sent", documents_total=1, documents_fetched=1,
    )  # fmt: skip


def test_the_cabinet_pages_are_private_and_never_stored(logged_in, finished_request, client_org):
    act = ReconciliationAct.objects.create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email
    )
    pages = [
        reverse("cabinet:home"),
        reverse("cabinet:documents_invoice"),
        reverse("cabinet:documents_closing"),
        reverse("cabinet:document_request", args=[finished_request.id]),
        reverse("cabinet:act_order"),
        reverse("cabinet:act_detail", args=[act.id]),
        reverse("cabinet:question_ask"),
        reverse("cabinet:question_list"),
        reverse("account_change_password"),
    ]
    for page in pages:
        response = logged_in.get(page)
        assert response.status_code == 200, page
        assert_private_no_store(response)
    status = logged_in.get(reverse("cabinet:document_request", args=[finished_request.id]), headers={"hx-request": "1"})
    assert_private_no_store(status)  # the htmx fragment too


def test_redirects_and_errors_are_private_too(logged_in, client):
    assert_private_no_store(logged_in.post(reverse("cabinet:language"), {"language": "en", "next": "/"}))
    assert_private_no_store(logged_in.post(reverse("set_language"), {"language": "ru", "next": "/"}))
    assert_private_no_store(logged_in.get("/documents/requests/999999/"))  # 404
    assert_private_no_store(logged_in.post(reverse("account_logout")))


def test_the_login_and_password_pages_are_private_and_never_stored(client):
    pages = [
        reverse("account_login"),
        reverse("account_logout"),
        reverse("account_reset_password"),
        reverse("account_reset_password_done"),
        reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "set-password-key"}),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code in (200, 302), page
        assert_private_no_store(response)
    assert_private_no_store(client.post(reverse("account_login"), {"login": "5036012344", "password": "wrong"}))


@pytest.mark.django_db(transaction=True)
def test_an_archive_download_is_private_and_never_stored(logged_in, client_org, fake_onec, settings):
    settings.EMAIL_MAX_ATTACHMENT_MB = 1  # too big to attach: the letter links to the download
    fake_onec.add_document(client_org.inn, "Invoice", date(2026, 1, 5), data=b"%PDF-" + bytes(1_300_000))
    request, _ = documents.document_request_create(
        client=client_org, kind="Invoice", date_from=date(2026, 1, 1), date_to=date(2026, 1, 31), email="a@b.example"
    )
    response = logged_in.get(reverse("cabinet:archive_download", args=[request.id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert_private_no_store(response)
    response.close()


@pytest.mark.django_db(transaction=True)
def test_an_act_download_and_the_admin_are_private_and_never_stored(client, superuser, client_org, fake_onec):
    fake_onec.add_client(client_org.inn)
    fake_onec.set_act(client_org.inn, "1500.00", "-250.50", b"%PDF-1.4 act from 1C")
    act = reconciliation.act_order_create(
        client=client_org, date_from=date(2026, 1, 1), date_to=date(2026, 3, 31), email=client_org.email, language="ru"
    )
    client.force_login(superuser)
    pdf = client.get(reverse("admin:reconciliation_reconciliationact_pdf", args=[act.id]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert_private_no_store(pdf)
    pdf.close()
    for page in (reverse("admin:index"), reverse("admin:reconciliation_reconciliationact_review", args=[act.id])):
        assert_private_no_store(client.get(page))


def test_a_view_with_its_own_stricter_header_keeps_it(client, superuser):
    client.force_login(superuser)
    response = client.get(reverse("admin:index"))  # the admin is never_cache
    assert {"no-cache", "must-revalidate", "private", "no-store"} <= _directives(response)
    assert get_max_age(response) == 0


def test_a_static_file_is_not_marked_private(client, settings):
    # WhiteNoise reads these when the test client builds its middleware: serve from the
    # source folders, as with DEBUG=1, instead of a collectstatic run.
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = client.get("/static/css/portal.css")
    assert response.status_code == 200
    assert not {"private", "no-store"} & _directives(response)
    body = io.BytesIO(b"".join(response.streaming_content))
    assert body.getvalue()
