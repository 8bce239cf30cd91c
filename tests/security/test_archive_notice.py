"""An archive sent anywhere but the organisation's default address is announced to that address,
so a stolen session cannot quietly send every invoice out."""

import html
import re
from datetime import date

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.core.audit import audit_entries_for
from apps.documents import services
from apps.documents.models import DocumentRequest
from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db(transaction=True)

DEFAULT = "buh@profkeramika.example"  # client_org's address
OTHER = "glavbuh@elsewhere.example"
JAN = (date(2026, 1, 1), date(2026, 1, 31))
CYRILLIC = re.compile("[А-Яа-яЁё]")


def _request(client, email=OTHER, kind="Invoice"):
    request, created = services.document_request_create(
        client=client, kind=kind, date_from=JAN[0], date_to=JAN[1], email=email
    )
    request.refresh_from_db()
    return request, created


def _sent_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def _html(message) -> str:
    [(content, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    return html.unescape(content)


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%d.%m.%Y %H:%M")


def test_a_request_to_another_address_tells_the_default_address_even_if_1c_is_down(client_org, fake_onec):
    fake_onec.set_down()

    request, _ = _request(client_org)

    assert request.status == "retrying"  # no archive yet, maybe never: the owner still learns
    [notice] = mail.outbox
    assert notice.to == [DEFAULT]
    assert notice.subject == "Документы вашей организации запрошены на другой адрес"
    for text in (notice.body, _html(notice)):
        assert "Здравствуйте, ООО «Профкерамика»!" in text
        assert "Вид документов: Архив счетов" in text.replace("<strong>", "").replace("</strong>", "")
        assert "Период: 01.01.2026 – 31.01.2026" in text
        assert OTHER in text
        assert f"Время запроса: {_local(request.created_at)}" in text
        assert "Если вы не запрашивали эти документы, сразу позвоните нам: (800) 302-71-15, (4967) 58-03-73" in text
        assert "info@podolskogneupor.ru" in text
        assert "/accounts/password/reset/" in text
    assert "Адрес отправки: glavbuh@elsewhere.example" in notice.body
    assert OutgoingEmail.objects.get(to=DEFAULT).key == f"documents.request.{request.id}.notice"


def test_the_archive_goes_to_the_address_asked_for_and_the_notice_to_the_default(client_org, fake_onec):
    fake_onec.add_document("5036012344", "Closing", date(2026, 1, 5))

    request, _ = _request(client_org, kind="Closing")

    assert request.status == "sent"
    notice, archive = mail.outbox  # the notice is queued with the request, before any archive
    assert notice.to == [DEFAULT] and "Архив закрывающих документов" in notice.body
    assert archive.to == [OTHER] and archive.subject == "Отчет"
    assert notice.attachments == []  # the notice never carries the documents themselves


def test_an_english_client_gets_the_notice_entirely_in_english(client_org, fake_onec, settings):
    settings.COMPANY_NAME = "Podolskogneupor JSC"
    client_org.language, client_org.name = "en", "Profkeramika LLC"
    client_org.save()
    fake_onec.add_document("5036012344", "Closing", date(2026, 1, 5))

    request, _ = _request(client_org, kind="Closing")

    [notice] = _sent_to(DEFAULT)
    assert notice.subject == "Your organisation's documents were requested to another address"
    assert "Hello, Profkeramika LLC!" in notice.body
    assert "Documents: Closing documents archive" in notice.body
    assert "Period: 01.01.2026 – 31.01.2026" in notice.body
    assert f"Sent to: {OTHER}" in notice.body
    assert f"Requested at: {_local(request.created_at)}" in notice.body
    assert "If you did not request these documents, call us right away at (800) 302-71-15" in notice.body
    for text in (notice.subject, notice.body, _html(notice)):
        assert not CYRILLIC.search(text), text
    [archive] = _sent_to(OTHER)  # and so is the archive's own e-mail
    assert not CYRILLIC.search(archive.subject + archive.body + _html(archive))


def test_one_notice_however_often_the_request_is_processed(client_org, fake_onec, staff_user, settings):
    settings.ONEC_RETRY_WINDOW_MINUTES = 0
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))
    fake_onec.set_down()
    request, _ = _request(client_org)
    assert request.status == "unavailable"

    fake_onec.set_down(False)
    assert services.document_request_retry(request=request, actor=staff_user)  # staff try again
    services.document_request_process(request_id=request.id)  # the task delivered twice
    services.document_requests_sweep()

    request.refresh_from_db()
    assert request.status == "sent"
    # The other address got the archive (and, before, the word that 1C never answered).
    assert len([message for message in _sent_to(OTHER) if message.attachments]) == 1
    assert len(_sent_to(DEFAULT)) == 1
    assert OutgoingEmail.objects.filter(key__endswith=".notice").count() == 1


def test_a_second_click_on_an_open_request_makes_no_second_notice(client_org, fake_onec):
    fake_onec.set_down()
    first, _ = _request(client_org)
    second, created = _request(client_org, email=OTHER.upper())
    assert not created and second.id == first.id
    services.document_request_process(request_id=first.id)
    assert len(_sent_to(DEFAULT)) == 1


@pytest.mark.parametrize("address", [DEFAULT, DEFAULT.upper(), "Buh@ProfKeramika.Example"])
def test_no_notice_when_the_archive_goes_to_the_default_address(client_org, fake_onec, address):
    fake_onec.add_document("5036012344", "Invoice", date(2026, 1, 5))

    request, _ = _request(client_org, email=address)

    [archive] = mail.outbox
    assert archive.subject == "Отчет"
    assert not OutgoingEmail.objects.filter(key__endswith=".notice").exists()
    assert "documents.request.owner_notified" not in {entry.action for entry in audit_entries_for(obj=request)}


def test_the_notice_is_recorded_in_the_requests_timeline(client_org, fake_onec):
    fake_onec.set_down()
    request, _ = _request(client_org)
    [entry] = [entry for entry in audit_entries_for(obj=request) if entry.action == "documents.request.owner_notified"]
    assert entry.data["to"] == DEFAULT
    assert entry.data["email_id"] == OutgoingEmail.objects.get(key=f"documents.request.{request.id}.notice").id


def _post(client, email):
    values = {"date_from": "2026-01-01", "date_to": "2026-01-31", "email": email}
    return client.post(reverse("cabinet:documents_invoice"), values, follow=True)


def test_the_history_shows_where_each_archive_went(logged_in, client_org, outsider_org, fake_onec, client):
    long_address = "glavnyi.buhgalter.filiala.nomer.dva@ochen-dlinnoe-imya-domena.example"
    fake_onec.set_down()
    _post(logged_in, DEFAULT)
    _post(logged_in, long_address)

    for page in (reverse("cabinet:home"), reverse("cabinet:documents_invoice")):
        content = logged_in.get(page).content.decode().replace("<wbr>", "")
        # Each address in its own cell, marked so a long one wraps on a phone (at its «@» and dots).
        for address in (DEFAULT, long_address):
            assert re.search(rf'<td [^>]*class="request-email">{re.escape(address)}</td>', content), address
    request = DocumentRequest.objects.get(email=long_address)
    detail = logged_in.get(reverse("cabinet:document_request", args=[request.id])).content.decode()
    assert f'<span class="request-email">{long_address}</span>' in detail

    client.force_login(outsider_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    assert long_address not in client.get(reverse("cabinet:home")).content.decode().replace("<wbr>", "")


def test_the_form_says_another_address_is_announced_to_the_default_one(logged_in):
    content = logged_in.get(reverse("cabinet:documents_invoice")).content.decode()
    assert "тогда мы сообщим об этом на адрес организации по умолчанию" in content
