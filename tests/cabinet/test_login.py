import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.factories import make_client

pytestmark = pytest.mark.django_db


def _login(client, login, password):
    return client.post(reverse("account_login"), {"login": login, "password": password}, follow=True)


def test_login_page_has_bound_inn_and_password_labels(client):
    html = client.get(reverse("account_login")).content.decode()
    assert '<label for="id_login">ИНН' in html
    assert '<label for="id_password">Пароль' in html
    assert "Войти</button>" in html


def test_client_logs_in_by_inn_and_is_greeted_by_name(client, client_org, password):
    response = _login(client, "5036012344", password)
    assert response.redirect_chain[-1][0] == reverse("cabinet:home")
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()


def test_inn_typed_with_spaces_still_logs_in(client, client_org, password):
    response = _login(client, " 503 601 2344 ", password)
    assert "Здравствуйте, ООО «Профкерамика»!" in response.content.decode()


def test_wrong_password_and_unknown_inn_get_the_same_message(client, client_org):
    wrong_password = _login(client, "5036012344", "not-the-password").content.decode()
    unknown_inn = _login(client, "7707083893", "not-the-password").content.decode()
    message = "Неверный ИНН или пароль."
    assert message in wrong_password
    assert message in unknown_inn
    assert "_auth_user_id" not in client.session


def test_inactive_client_cannot_log_in(client, password):
    org = make_client(name="ООО «Спящее»")
    org.is_active = False
    org.save()
    response = _login(client, org.inn, password)
    # The right password hears that access is suspended (tests/clients/test_suspended_login.py).
    assert "Доступ вашей организации к личному кабинету приостановлен" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_deactivated_client_with_an_open_session_loses_the_cabinet(logged_in, client_org):
    client_org.is_active = False
    client_org.save()
    response = logged_in.get(reverse("cabinet:home"))
    # The session no longer authenticates: back to the login page.
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_cabinet_requires_login(client):
    response = client.get(reverse("cabinet:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_there_is_no_signup(client):
    assert client.get("/accounts/signup/").status_code == 404
    response = client.post("/accounts/signup/", {"username": "5036012344", "password1": "x" * 12})
    assert response.status_code == 404
    assert not get_user_model().objects.filter(username="5036012344").exists()


def test_logout_ends_the_session(logged_in):
    response = logged_in.post(reverse("account_logout"), follow=True)
    assert "Вход в личный кабинет" in response.content.decode()
    assert logged_in.get(reverse("cabinet:home")).status_code == 302


def test_login_is_rate_limited_after_repeated_failures(client, client_org, password):
    for _ in range(6):
        _login(client, "5036012344", "wrong-password")
    response = _login(client, "5036012344", password)
    assert "Слишком много попыток входа" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_leaves_no_signed_in_as_inn_banner(client, client_org, password):
    # The greeting names the organisation; a banner with the bare INN only repeated it worse.
    html = _login(client, "5036012344", password).content.decode()
    assert "Здравствуйте, ООО «Профкерамика»!" in html
    assert "Успешный вход" not in html
    assert 'class="messages"' not in html
