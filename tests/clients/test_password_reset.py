"""«Забыли пароль?»: allauth's reset to the client's default address, through the outbox."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from apps.clients.models import Client
from apps.mail.models import OutgoingEmail
from tests.factories import make_client

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Шамот-огнеупор-77"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _request_reset(http, email, capture):
    with capture(execute=True):
        return http.post(reverse("account_reset_password"), {"email": email}, follow=True)


def test_login_page_links_to_the_reset(client):
    assert reverse("account_reset_password") in client.get(reverse("account_login")).content.decode()


def test_reset_goes_to_the_default_address_and_sets_an_own_password(
    client, client_org, django_capture_on_commit_callbacks
):
    response = _request_reset(client, "BUH@profkeramika.example", django_capture_on_commit_callbacks)
    assert "Проверьте почту" in response.content.decode()
    assert OutgoingEmail.objects.filter(key__startswith="account.password_reset_key.").count() == 1
    message = mail.outbox[-1]
    assert message.to == ["buh@profkeramika.example"]
    assert "Логин (ИНН организации): 5036012344" in message.body
    url = re.search(r"https?://\S+", message.body).group(0)

    response = client.get(url, follow=True)
    action = response.context["action_url"]
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}, follow=True)
    assert "Пароль изменён" in response.content.decode()
    client_org.user.refresh_from_db()
    assert client_org.user.check_password(NEW_PASSWORD)


def test_reset_ends_a_letter_password_too(client, django_capture_on_commit_callbacks):
    org = make_client(name="ООО «Огнеупор-Юг»", email="buh@yug.example", password=None)
    Client.objects.filter(id=org.id).update(access_password_expires_at="2026-12-01T00:00Z")
    _request_reset(client, "buh@yug.example", django_capture_on_commit_callbacks)
    url = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    action = client.get(url, follow=True).context["action_url"]
    client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    org.refresh_from_db()
    assert org.access_password_expires_at is None


def test_unknown_address_gets_the_same_page_and_no_reset_link(client, django_capture_on_commit_callbacks):
    response = _request_reset(client, "stranger@example.com", django_capture_on_commit_callbacks)
    assert "Проверьте почту" in response.content.decode()
    assert "/password/reset/key/" not in "".join(message.body for message in mail.outbox)


def test_switched_off_client_gets_no_reset_link(client, client_org, django_capture_on_commit_callbacks):
    client_org.is_active = False
    client_org.save()
    _request_reset(client, "buh@profkeramika.example", django_capture_on_commit_callbacks)
    assert not mail.outbox


def test_reset_requests_are_rate_limited(client, client_org, django_capture_on_commit_callbacks):
    for _ in range(5):
        _request_reset(client, "buh@profkeramika.example", django_capture_on_commit_callbacks)
    response = client.post(reverse("account_reset_password"), {"email": "buh@profkeramika.example"})
    assert response.status_code == 429
    assert len(mail.outbox) == 5


def test_a_colleagues_letter_names_their_e_mail_as_the_login(client, client_org, django_capture_on_commit_callbacks):
    from tests.clients.people_helpers import make_person

    make_person(client_org, email="ivanova@profkeramika.example", role="accountant")
    _request_reset(client, "ivanova@profkeramika.example", django_capture_on_commit_callbacks)
    body = mail.outbox[-1].body
    assert "Логин (ваш e-mail): ivanova@profkeramika.example" in body
    assert "ИНН" not in body
