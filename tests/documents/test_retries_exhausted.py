"""A request whose 1C retries run out: the client and staff are told, once; asking again is a click."""

from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import audit_entries_for
from apps.documents import services
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)

INN = "5036012344"  # client_org's
JAN = (date(2026, 1, 1), date(2026, 1, 31))
ADDRESS = "irina@profkeramika.example"  # not the organisation's default address


def _request(client_org, email=ADDRESS) -> DocumentRequest:
    request, _ = services.document_request_create(
        client=client_org, kind="Invoice", date_from=JAN[0], date_to=JAN[1], email=email
    )
    return request


def _after_the_window(settings):
    return time_machine.travel(timezone.now() + timedelta(minutes=settings.ONEC_RETRY_WINDOW_MINUTES + 1))


@pytest.fixture
def given_up(client_org, fake_onec, settings):
    """A request that 1C never answered for the whole retry window."""
    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request = _request(client_org)
    with _after_the_window(settings):
        services.document_requests_sweep()
    request.refresh_from_db()
    assert request.status == "unavailable"
    return request


def _to(address: str) -> list:
    return [message for message in mail.outbox if address in message.to]


def test_the_client_is_told_at_the_requests_address_how_to_ask_again(given_up, settings):
    [message] = _to(ADDRESS)
    assert message.subject == "Документы не получены из 1С"
    assert "Документы не отправлены." in message.body
    assert "Архив счетов" in message.body
    assert "01.01.2026 – 31.01.2026" in message.body
    url = settings.PORTAL_BASE_URL + reverse("cabinet:document_request_again", args=[given_up.id])
    assert url in message.body
    html = next(body for body, mimetype in message.alternatives if mimetype == "text/html")
    assert f'href="{url}"' in html


def test_staff_are_told_the_client_the_request_and_the_last_error(given_up, settings):
    [message] = _to(settings.STAFF_NOTIFY_EMAIL)
    assert message.subject == "Документы не получены из 1С: ООО «Профкерамика»"
    assert "ИНН 5036012344" in message.body
    assert "the fake 1C is down" in message.body
    assert ADDRESS in message.body
    assert f"/admin/documents/documentrequest/{given_up.id}/change/" in message.body


def test_the_owners_notice_and_the_two_new_emails_are_all_that_is_sent(given_up, client_org, settings):
    # The organisation's default address was told of the request to another address at once.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [client_org.email, ADDRESS, settings.STAFF_NOTIFY_EMAIL]
    )
    actions = [entry.action for entry in audit_entries_for(obj=given_up)]
    assert actions.count("documents.request.unavailable_notified") == 1


def test_the_emails_are_sent_once_however_often_the_sweep_runs(given_up, fake_onec, settings):
    count = len(mail.outbox)
    with _after_the_window(settings):
        services.document_requests_sweep()
        services.document_requests_sweep()
        services.document_request_process(request_id=given_up.id)
    assert len(mail.outbox) == count
    keys = OutgoingEmail.objects.filter(key__startswith=f"documents.request.{given_up.id}.unavailable")
    assert keys.count() == 2


def test_a_request_still_retrying_tells_nobody(client_org, fake_onec):
    fake_onec.set_down()
    request = _request(client_org, email=client_org.email)
    request.refresh_from_db()
    assert request.status == "retrying"
    assert mail.outbox == []


def test_an_english_client_is_told_in_english(client_org, fake_onec, settings):
    client_org.language = "en"
    client_org.save()
    fake_onec.set_down()
    request = _request(client_org, email=client_org.email)
    with _after_the_window(settings):
        services.document_requests_sweep()
    [message] = _to(client_org.email)
    assert message.subject == "Documents could not be retrieved from 1C"
    assert "No documents have been sent." in message.body
    assert "Invoice archive" in message.body
    assert "press one button in the client portal" in message.body
    assert reverse("cabinet:document_request_again", args=[request.id]) in message.body
    [staff] = _to(settings.STAFF_NOTIFY_EMAIL)
    assert staff.subject.startswith("Документы не получены из 1С")  # staff read Russian


def test_the_ask_again_link_asks_for_confirmation_first(given_up, logged_in):
    url = reverse("cabinet:document_request_again", args=[given_up.id])
    response = logged_in.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Запросить документы ещё раз" in page
    assert ADDRESS in page and "01.01.2026 – 31.01.2026" in page
    assert '<form method="post">' in page
    assert DocumentRequest.objects.count() == 1  # a GET (a mail scanner, a preview) creates nothing


def test_confirming_creates_the_same_request_again(given_up, logged_in, fake_onec):
    fake_onec.set_down(False)
    response = logged_in.post(reverse("cabinet:document_request_again", args=[given_up.id]))
    again = DocumentRequest.objects.exclude(id=given_up.id).get()
    assert response.status_code == 302
    assert response.url == reverse("cabinet:document_request", args=[again.id])
    assert (again.kind, again.date_from, again.date_to, again.email) == ("Invoice", *JAN, ADDRESS)
    assert again.client_id == given_up.client_id
    again.refresh_from_db()
    assert again.status == "sent"


def test_asking_again_for_ticked_documents_asks_for_the_same_documents(client_org, logged_in, fake_onec, settings):
    ticked = fake_onec.add_document(INN, "Closing", date(2026, 1, 7), number="12/26")
    fake_onec.add_document(INN, "Closing", date(2026, 1, 8), number="13/26")  # not ticked
    fake_onec.set_down()
    request, _ = services.document_request_create(
        client=client_org, kind="Selected", date_from=JAN[0], date_to=JAN[1], email=ADDRESS, document_ids=[ticked.id]
    )
    with _after_the_window(settings):
        services.document_requests_sweep()
    fake_onec.set_down(False)
    logged_in.post(reverse("cabinet:document_request_again", args=[request.id]))
    again = DocumentRequest.objects.exclude(id=request.id).get()
    again.refresh_from_db()
    assert (again.kind, again.document_ids, again.status) == ("Selected", [ticked.id], "sent")
    assert again.documents_total == 1  # only the ticked one, not the whole period


def test_another_clients_request_is_not_found(given_up, client, outsider_org):
    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    url = reverse("cabinet:document_request_again", args=[given_up.id])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert DocumentRequest.objects.count() == 1


def test_the_ask_again_page_needs_a_login(given_up, client):
    url = reverse("cabinet:document_request_again", args=[given_up.id])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert client.post(url).status_code == 302
    assert DocumentRequest.objects.count() == 1


def test_giving_up_again_after_a_staff_retry_sends_nothing_more(given_up, superuser, settings):
    count = len(mail.outbox)
    assert services.document_request_retry(request=given_up, actor=superuser)
    with _after_the_window(settings):
        services.document_requests_sweep()
    with time_machine.travel(timezone.now() + timedelta(minutes=2 * settings.ONEC_RETRY_WINDOW_MINUTES + 2)):
        services.document_requests_sweep()
    given_up.refresh_from_db()
    assert given_up.status == "unavailable"
    assert len(mail.outbox) == count  # the client already knows; the outbox key is the request's
