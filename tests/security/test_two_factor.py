"""Two-factor login for staff, and codes that cannot be guessed by trying them all."""

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.urls import reverse

from tests.totp import give_totp, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
CODE_STEP = "/accounts/2fa/authenticate/"
TOO_MANY = "Слишком много попыток входа. Попробуйте позже."


def _staff(username: str, *perms: str):
    user = get_user_model().objects.create_user(username=username, password="correct-horse-42", is_staff=True)
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def reviewer(db):
    return _staff("reviewer", "reconciliation.view_reconciliationact", "reconciliation.review_reconciliationact")


@pytest.fixture
def client_manager(db):
    return _staff("clientmanager", "clients.view_client", "clients.change_client")


@pytest.fixture
def onlooker(db):
    return _staff("onlooker", "reconciliation.view_reconciliationact", "clients.view_client")


def _admin_login(http, user, password):
    return http.post(reverse("admin:login"), {"username": user.username, "password": password, "next": "/admin/"})


def _logged_in_as(http, user) -> bool:
    return http.session.get("_auth_user_id") == str(user.pk)


ADMIN_PAGES = [
    "/admin/",
    "/admin/reconciliation/reconciliationact/",
    "/admin/reconciliation/actinreview/",
    "/admin/clients/client/",
    "/admin/onec/health/",
    "/admin/password_change/",
]


@pytest.mark.parametrize("who", ["reviewer", "client_manager"])
def test_staff_who_must_have_it_reach_no_admin_page_before_setting_it_up(client, request, password, who):
    user = request.getfixturevalue(who)
    response = _admin_login(client, user, password)
    assert response["Location"] == "/admin/"  # the password alone: there is no app to ask yet
    for page in ADMIN_PAGES:
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == ACTIVATE, page
    page = client.get(ACTIVATE, follow=True).content.decode()
    assert "Для вас обязателен вход с кодом из приложения-аутентификатора" in page


def test_a_reviewer_who_sets_it_up_gets_the_admin_back(client, reviewer, password):
    _admin_login(client, reviewer, password)
    client.post("/accounts/reauthenticate/", {"password": password})
    client.get(ACTIVATE)
    secret = client.session["mfa.totp.secret"]
    assert client.post(ACTIVATE, {"code": totp_code(secret)})["Location"] == "/accounts/2fa/recovery-codes/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/reconciliation/actinreview/").status_code == 200


def test_a_reviewer_with_an_app_needs_the_code_at_the_admin_login(client, reviewer, password):
    secret = give_totp(reviewer)
    response = _admin_login(client, reviewer, password)

    assert response["Location"] == CODE_STEP
    assert not _logged_in_as(client, reviewer)
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.post(CODE_STEP, {"code": "000000"}).status_code == 200
    assert not _logged_in_as(client, reviewer)

    response = client.post(CODE_STEP, {"code": totp_code(secret)})
    assert response["Location"] == "/admin/"
    assert _logged_in_as(client, reviewer)
    assert client.get("/admin/reconciliation/actinreview/").status_code == 200


def test_the_admin_login_keeps_its_next_page_through_the_code(client, superuser, password):
    response = client.post(
        reverse("admin:login"),
        {"username": superuser.username, "password": password, "next": "/admin/clients/client/"},
    )
    assert response["Location"] == CODE_STEP
    assert client.post(CODE_STEP, {"code": totp_code(superuser.totp_secret)})["Location"] == "/admin/clients/client/"


def test_a_wrong_admin_password_never_reaches_the_code_step(client, reviewer):
    give_totp(reviewer)
    response = _admin_login(client, reviewer, "wrong-password")
    assert response.status_code == 200
    assert not _logged_in_as(client, reviewer)
    assert client.get(CODE_STEP)["Location"].startswith(reverse("account_login"))


def test_staff_without_those_permissions_are_not_forced(client, onlooker, staff_user, password):
    for user in (onlooker, staff_user):
        response = _admin_login(client, user, password)
        assert response["Location"] == "/admin/"
        assert client.get("/admin/").status_code == 200
        assert client.get("/admin/reconciliation/reconciliationact/").status_code in (200, 403)
        client.post(reverse("admin:logout"))


def test_staff_who_chose_an_app_without_having_to_are_still_asked_the_code(client, onlooker, password):
    give_totp(onlooker)
    assert _admin_login(client, onlooker, password)["Location"] == CODE_STEP
    assert not _logged_in_as(client, onlooker)


def test_staff_who_must_have_it_cannot_switch_it_off(client, reviewer):
    secret = give_totp(reviewer)
    client.force_login(reviewer)
    client.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret)})
    assert "отключить его нельзя" in client.get("/accounts/2fa/totp/deactivate/").content.decode()
    client.post("/accounts/2fa/totp/deactivate/")
    assert Authenticator.objects.filter(user=reviewer, type=Authenticator.Type.TOTP).exists()


def test_the_admin_does_not_show_the_apps_secrets(client, superuser, reviewer):
    give_totp(reviewer)
    client.force_login(superuser)
    authenticator = Authenticator.objects.get(user=reviewer, type=Authenticator.Type.TOTP)
    html = client.get(reverse("admin:mfa_authenticator_change", args=[authenticator.pk])).content.decode()
    assert authenticator.data["secret"] not in html
    # Deleting it is how staff help someone who lost the phone.
    client.post(reverse("admin:mfa_authenticator_delete", args=[authenticator.pk]), {"post": "yes"})
    assert not Authenticator.objects.filter(pk=authenticator.pk).exists()


def test_guessing_a_clients_code_is_stopped_after_five_tries(client, client_org, password):
    secret = give_totp(client_org.user)
    client.post(reverse("account_login"), {"login": client_org.inn, "password": password})
    for attempt in range(5):
        response = client.post(CODE_STEP, {"code": f"{attempt:06d}"})
        assert "Неверный код." in response.content.decode()

    # Even the right code is refused now, and starting the login again does not help.
    assert TOO_MANY in client.post(CODE_STEP, {"code": totp_code(secret)}).content.decode()
    client.post(reverse("account_login"), {"login": client_org.inn, "password": password})
    assert TOO_MANY in client.post(CODE_STEP, {"code": totp_code(secret, 1)}).content.decode()
    assert "_auth_user_id" not in client.session


def test_guessing_a_staff_code_is_stopped_too(client, reviewer, password):
    secret = give_totp(reviewer)
    _admin_login(client, reviewer, password)
    for attempt in range(5):
        client.post(CODE_STEP, {"code": f"{attempt:06d}"})
    assert TOO_MANY in client.post(CODE_STEP, {"code": totp_code(secret)}).content.decode()
    assert not _logged_in_as(client, reviewer)


def test_guessing_codes_from_many_addresses_is_stopped_per_login(client, client_org, password):
    # The limit is keyed on the login, not the address: a botnet gets five tries in all.
    secret = give_totp(client_org.user)
    client.post(reverse("account_login"), {"login": client_org.inn, "password": password})
    for attempt in range(5):
        client.post(CODE_STEP, {"code": f"{attempt:06d}"}, REMOTE_ADDR=f"203.0.113.{attempt + 1}")
    response = client.post(CODE_STEP, {"code": totp_code(secret)}, REMOTE_ADDR="198.51.100.7")
    assert TOO_MANY in response.content.decode()


def test_staff_manage_their_app_on_the_overview_page(client, onlooker):
    client.force_login(onlooker)
    assert "Приложение-аутентификатор не подключено" in client.get("/accounts/2fa/").content.decode()
    give_totp(onlooker)
    html = client.get("/accounts/2fa/").content.decode()
    assert "Приложение-аутентификатор подключено" in html
    assert 'href="/accounts/2fa/recovery-codes/"' in html
