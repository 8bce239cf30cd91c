"""A switched-off organisation: the right password hears that access is suspended and whom to
call; a wrong password keeps the one message that tells a stranger nothing."""

import pytest
from django.urls import reverse

from tests.factories import make_client

pytestmark = pytest.mark.django_db
WRONG = "Неверный ИНН или пароль."


@pytest.fixture
def suspended(db):
    org = make_client(name="ООО «Спящее»")
    org.is_active = False
    org.save()
    return org


def _login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password}, follow=True)


def test_the_right_password_of_a_suspended_organisation_says_whom_to_call(client, suspended, password, settings):
    html = _login(client, suspended.inn, password).content.decode()
    assert "Доступ вашей организации к личному кабинету приостановлен" in html
    assert settings.COMPANY_PHONES[0] in html and settings.COMPANY_EMAIL in html
    assert WRONG not in html
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_of_a_suspended_organisation_keeps_the_one_message(client, suspended):
    html = _login(client, suspended.inn, "not-the-password").content.decode()
    assert WRONG in html
    assert "приостановлен" not in html


def test_an_active_organisation_is_not_told_of_suspension(client, client_org):
    html = _login(client, client_org.inn, "not-the-password").content.decode()
    assert WRONG in html and "приостановлен" not in html
