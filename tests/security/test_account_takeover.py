"""A session must never be able to take an account over through allauth's unused pages.

The hole: /accounts/email/ let a logged-in session add an address, and «Забыли пароль?» then
sent a reset link to it. Now only the pages the portal uses are mounted, and a reset link goes
to the organisation's own address (Client.email) alone.
"""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from apps.mail.models import OutgoingEmail

pytestmark = pytest.mark.django_db

ATTACKER = "attacker@evil.example"
UNUSED_ALLAUTH_PAGES = [
    "/accounts/email/",
    "/accounts/signup/",
    "/accounts/inactive/",
    # /accounts/reauthenticate/ (the password asked again) is mounted: allauth.mfa asks it
    # before two-factor login is switched on or off. Asked by e-mailed code it is not.
    "/accounts/reauthenticate/code/",
    "/accounts/reauthenticate/code/confirm/",
    "/accounts/confirm-email/",
    "/accounts/confirm-email/some-key/",
    "/accounts/password/set/",
    "/accounts/login/code/",
    "/accounts/login/code/confirm/",
    "/accounts/3rdparty/",
    # Two-factor login mounts TOTP and recovery codes only: no security keys, no trusted browsers.
    "/accounts/2fa/trust/",
    "/accounts/2fa/webauthn/",
    "/accounts/2fa/webauthn/add/",
    "/accounts/2fa/webauthn/login/",
    "/accounts/2fa/webauthn/signup/",
    "/accounts/2fa/webauthn/reauthenticate/",
    "/accounts/2fa/webauthn/keys/1/remove/",
    "/accounts/2fa/webauthn/keys/1/edit/",
]


def _reset(http, email, capture):
    with capture(execute=True):
        return http.post(reverse("account_reset_password"), {"email": email}, follow=True)


@pytest.mark.parametrize("path", UNUSED_ALLAUTH_PAGES)
def test_unused_allauth_pages_answer_404_to_a_logged_in_client(logged_in, path):
    assert logged_in.get(path).status_code == 404


@pytest.mark.parametrize("path", UNUSED_ALLAUTH_PAGES)
def test_unused_allauth_pages_answer_404_to_a_stranger(client, path):
    assert client.get(path).status_code == 404


def test_a_session_cannot_add_an_address(logged_in, client_org):
    response = logged_in.post("/accounts/email/", {"action_add": "", "email": ATTACKER})
    assert response.status_code == 404
    assert not EmailAddress.objects.filter(email=ATTACKER).exists()


def test_reset_to_an_address_a_session_once_added_sends_nothing(client, client_org, django_capture_on_commit_callbacks):
    # As if the hole had been used before it was closed: the address is on record, verified,
    # and even copied onto the login itself.
    EmailAddress.objects.create(user=client_org.user, email=ATTACKER, verified=True, primary=True)
    get_user_model().objects.filter(pk=client_org.user.pk).update(email=ATTACKER)

    response = _reset(client, ATTACKER, django_capture_on_commit_callbacks)

    assert "Проверьте почту" in response.content.decode()  # the same page as for any address
    assert not OutgoingEmail.objects.exists()
    assert not mail.outbox


def test_reset_link_goes_to_the_organisations_own_address(client, client_org, django_capture_on_commit_callbacks):
    _reset(client, "Buh@ProfKeramika.example", django_capture_on_commit_callbacks)
    assert [message.to for message in mail.outbox] == [["buh@profkeramika.example"]]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_reset_for_an_unknown_address_sends_nothing_at_all(client, client_org, django_capture_on_commit_callbacks):
    response = _reset(client, "stranger@example.com", django_capture_on_commit_callbacks)
    assert "Проверьте почту" in response.content.decode()
    assert not OutgoingEmail.objects.exists()
    assert not mail.outbox


def test_reset_for_a_staff_address_sends_nothing(client, staff_user, django_capture_on_commit_callbacks):
    _reset(client, staff_user.email, django_capture_on_commit_callbacks)
    assert not OutgoingEmail.objects.exists()
    assert not mail.outbox


def test_admin_has_no_email_addresses_section(client, superuser, password):
    client.force_login(superuser)
    index = client.get(reverse("admin:index")).content.decode()
    assert "/admin/account/emailaddress/" not in index
    assert "Адреса электронной почты" not in index
    assert client.get("/admin/account/emailaddress/").status_code == 404


@pytest.mark.parametrize("who", ["staff_user", "superuser"])
def test_staff_credentials_at_the_client_login_get_the_wrong_password_answer(client, request, password, who):
    user = request.getfixturevalue(who)
    response = client.post(reverse("account_login"), {"login": user.username, "password": password}, follow=True)
    assert "Неверный ИНН или пароль." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_still_log_in_at_the_admin(client, staff_user, password):
    response = client.post(
        reverse("admin:login"), {"username": staff_user.username, "password": password, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_the_password_asked_again_only_confirms_it(logged_in, client_org, password):
    # Mounted for two-factor login's sake: it records that the password was typed, changes nothing.
    page = logged_in.get("/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/")
    assert page.status_code == 200
    response = logged_in.post(
        "/accounts/reauthenticate/", {"password": password, "next": "/accounts/2fa/totp/activate/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/totp/activate/"
    client_org.user.refresh_from_db()
    assert client_org.user.check_password(password)


def test_the_password_asked_again_is_for_logged_in_sessions_only(client):
    response = client.get("/accounts/reauthenticate/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
