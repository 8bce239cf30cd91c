"""The cabinet page where a client chooses its notices."""

import pytest
from django.urls import reverse

from apps.notices.models import NoticeCursor, NoticeSubscription
from apps.notices.poll import notices_poll

pytestmark = pytest.mark.django_db

URL = "/notices/"


def test_the_page_offers_the_clients_own_address_by_default(logged_in, client_org):
    html = logged_in.get(URL).content.decode()
    assert 'value="buh@profkeramika.example"' in html
    assert "Закрывающие документы" in html and "Сертификаты качества" in html
    assert "checked" not in html


def test_choices_are_saved_and_shown_again(logged_in, client_org):
    response = logged_in.post(URL, {"closing": "on", "email": "snab@profkeramika.example"})

    assert response.status_code == 302
    subscription = NoticeSubscription.objects.get(client=client_org)
    assert subscription.kinds == ("Closing",)
    assert subscription.address == "snab@profkeramika.example"
    html = logged_in.get(URL).content.decode()
    assert "Настройки уведомлений сохранены." in html
    assert 'value="snab@profkeramika.example"' in html
    assert 'id="id_closing" checked' in html and 'id="id_certificates">' in html


def test_the_clients_own_address_follows_a_later_change(logged_in, client_org):
    logged_in.post(URL, {"certificates": "on", "email": client_org.email})
    client_org.email = "new@profkeramika.example"
    client_org.save()
    assert NoticeSubscription.objects.get(client=client_org).address == "new@profkeramika.example"


def test_an_address_is_needed_to_subscribe(logged_in, client_org):
    for email in ("", "not an address"):
        response = logged_in.post(URL, {"closing": "on", "email": email})
        assert response.status_code == 200
        assert 'aria-invalid="true"' in response.content.decode()
    assert not NoticeSubscription.objects.exists()


def test_another_clients_subscription_cannot_be_changed(logged_in, client_org, outsider_org):
    outsiders = NoticeSubscription.objects.create(client=outsider_org, closing=True, certificates=True)

    logged_in.post(URL, {"email": "x@example.com", "client": outsider_org.id, "id": outsiders.id})

    outsiders.refresh_from_db()
    assert outsiders.kinds == ("Closing", "Certificate")
    assert NoticeSubscription.objects.get(client=client_org).kinds == ()


def test_the_page_says_notices_are_not_available_on_a_v10_base(logged_in):
    NoticeCursor.objects.create(id=1, since="2026-11-01T00:00Z", last_outcome="not_supported")
    assert "пока недоступны" in logged_in.get(URL).content.decode()
    NoticeCursor.objects.update(last_outcome="ok")
    assert "пока недоступны" not in logged_in.get(URL).content.decode()


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


def test_a_v10_base_stays_not_available_while_1c_is_down(logged_in, fake_onec):
    fake_onec.set_version("1.0")
    notices_poll()
    fake_onec.set_down()
    notices_poll()
    assert "пока недоступны" in logged_in.get(URL).content.decode()

    fake_onec.set_down(False)
    fake_onec.set_version("1.1")
    notices_poll()
    assert "пока недоступны" not in logged_in.get(URL).content.decode()
