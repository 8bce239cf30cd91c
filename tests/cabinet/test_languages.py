"""A person's pages speak the person's language; the organisation's e-mails speak the language its
administrator set on «Сотрудники» (or staff in the admin), whoever pressed Rus/Eng."""

from datetime import date

import pytest
from django.core import mail
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.models import Role
from apps.core.audit import audit_entries_for
from tests.clients.people_helpers import log_in, make_person

pytestmark = pytest.mark.django_db(transaction=True)

INN = "5036012344"


def _press(http, language: str, next_url: str = "/"):
    return http.post(reverse("cabinet:language"), {"language": language, "next": next_url}, follow=True)


def _ask_for_an_archive(http):
    values = {"date_from": "2026-01-01", "date_to": "2026-01-31", "email": "buh@profkeramika.example"}
    return http.post(reverse("cabinet:documents_invoice"), values, follow=True)


def _language_actions(client_org) -> list:
    return [entry for entry in audit_entries_for(obj=client_org) if entry.action == "clients.client.language_changed"]


@pytest.fixture
def inn_login(client, client_org, password):
    log_in(client, client_org.inn, password)
    return client


@pytest.fixture
def colleague(client_org):
    http = Browser()
    make_person(client_org, email="snab@profkeramika.example", role=Role.ACCOUNTANT)
    log_in(http, "snab@profkeramika.example")
    return http


@pytest.mark.parametrize("who", ["inn_login", "colleague"])
def test_pressing_eng_changes_the_pages_not_the_organisations_e_mails(request, client_org, fake_onec, who):
    http = request.getfixturevalue(who)
    html = _press(http, "en").content.decode()
    assert '<html lang="en">' in html
    client_org.refresh_from_db()
    assert client_org.language == "ru"
    assert _language_actions(client_org) == []

    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    page = _ask_for_an_archive(http).content.decode()
    assert "The documents have been sent to buh@profkeramika.example" in page  # the page in English
    [message] = mail.outbox
    assert message.subject == "Отчет"  # the archive in the organisation's language


def test_a_colleagues_english_never_reaches_the_inn_logins_pages(client, client_org, password, colleague):
    _press(colleague, "en")
    html = log_in(client, client_org.inn, password).content.decode()
    assert '<html lang="ru">' in html


def test_the_administrator_sets_the_organisations_e_mail_language_on_people(inn_login, client_org, fake_onec):
    html = inn_login.get(reverse("cabinet:people")).content.decode()
    assert "Язык писем организации" in html
    assert "Письма организации (архивы, акты, уведомления) приходят на русском." in html
    assert '<option value="ru" selected>Русский</option>' in html

    response = inn_login.post(reverse("cabinet:people_language"), {"language": "en"}, follow=True)
    html = response.content.decode()
    assert '<html lang="ru">' in html  # the administrator's own pages stay as they were
    assert "Письма организации (архивы, акты, уведомления) приходят на английском." in html
    client_org.refresh_from_db()
    assert client_org.language == "en"
    [entry] = _language_actions(client_org)
    assert entry.actor == client_org.user and entry.data == {"old": "ru", "new": "en"}

    fake_onec.add_document(INN, "Invoice", date(2026, 1, 5))
    _ask_for_an_archive(inn_login)
    [message] = mail.outbox
    assert message.subject == "Report"


def test_setting_the_same_language_again_records_nothing(inn_login, client_org):
    inn_login.post(reverse("cabinet:people_language"), {"language": "ru"})
    assert _language_actions(client_org) == []


def test_a_language_the_portal_does_not_speak_is_refused(inn_login, client_org):
    response = inn_login.post(reverse("cabinet:people_language"), {"language": "de"})
    assert response.status_code == 400
    client_org.refresh_from_db()
    assert client_org.language == "ru"


def test_the_setting_speaks_the_administrators_page_language(inn_login, client_org):
    _press(inn_login, "en")
    html = inn_login.get(reverse("cabinet:people")).content.decode()
    assert "The organisation's e-mails (archives, acts, notices) come in Russian." in html
    assert "Each person chooses the language of their own pages with the Rus/Eng switch" in html


def test_a_colleague_cannot_change_the_organisations_language(client_org, colleague):
    response = colleague.post(reverse("cabinet:people_language"), {"language": "en"})
    assert response.status_code == 404
    client_org.refresh_from_db()
    assert client_org.language == "ru"
