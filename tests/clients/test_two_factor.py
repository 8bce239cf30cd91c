"""Two-factor login of a client organisation: optional, or required by staff for it."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.urls import reverse

from tests.totp import give_totp, recovery_codes, totp_code

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
DEACTIVATE = "/accounts/2fa/totp/deactivate/"
CODE_STEP = "/accounts/2fa/authenticate/"


def _password_step(client, org, password):
    return client.post(reverse("account_login"), {"login": org.inn, "password": password})


def _logged_in_as(client, org) -> bool:
    return client.session.get("_auth_user_id") == str(org.user.pk)


def _app_is_on(org) -> bool:
    return Authenticator.objects.filter(user=org.user, type=Authenticator.Type.TOTP).exists()


def test_security_page_offers_two_factor_login_to_a_client_without_it(logged_in):
    html = logged_in.get(reverse("cabinet:security")).content.decode()
    assert "Двухфакторный вход" in html
    assert "Выключен: для входа достаточно ИНН и пароля." in html
    assert f'href="{ACTIVATE}"' in html


def test_security_page_needs_a_login(client):
    response = client.get(reverse("cabinet:security"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_client_turns_two_factor_login_on_after_typing_the_password_again(logged_in, client_org, password):
    response = logged_in.get(ACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    response = logged_in.post("/accounts/reauthenticate/", {"password": password, "next": ACTIVATE})
    assert response["Location"] == ACTIVATE

    page = logged_in.get(ACTIVATE).content.decode()
    assert "QR-код для приложения-аутентификатора" in page
    secret = logged_in.session[SECRET_SESSION_KEY]
    assert secret in page  # the key to type in by hand
    response = logged_in.post(ACTIVATE, {"code": totp_code(secret)})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
    assert _app_is_on(client_org)
    codes = logged_in.get(response["Location"]).content.decode()
    assert all(code in codes for code in recovery_codes(client_org.user))
    assert "Включён" in logged_in.get(reverse("cabinet:security")).content.decode()


def test_a_wrong_code_does_not_turn_it_on(logged_in, client_org, password):
    logged_in.post("/accounts/reauthenticate/", {"password": password})
    logged_in.get(ACTIVATE)
    response = logged_in.post(ACTIVATE, {"code": "000000"})
    assert "Неверный код." in response.content.decode()
    assert not _app_is_on(client_org)


def test_next_login_asks_for_the_code_after_the_password(client, client_org, password):
    secret = give_totp(client_org.user)
    response = _password_step(client, client_org, password)

    assert response["Location"] == CODE_STEP
    assert not _logged_in_as(client, client_org)
    assert client.get(reverse("cabinet:home"))["Location"].startswith(reverse("account_login"))
    page = client.get(CODE_STEP).content.decode()
    assert "Код для входа" in page
    assert 'autocomplete="one-time-code"' in page

    response = client.post(CODE_STEP, {"code": totp_code(secret)}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("cabinet:home")
    assert _logged_in_as(client, client_org)


def test_a_wrong_code_is_refused_and_nobody_is_logged_in(client, client_org, password):
    give_totp(client_org.user)
    _password_step(client, client_org, password)
    response = client.post(CODE_STEP, {"code": "123456"})
    assert response.status_code == 200
    assert "Неверный код." in response.content.decode()
    assert not _logged_in_as(client, client_org)


def test_a_code_works_only_once(client, client_org, password):
    secret = give_totp(client_org.user)
    code = totp_code(secret)
    _password_step(client, client_org, password)
    client.post(CODE_STEP, {"code": code})
    client.post(reverse("account_logout"))

    _password_step(client, client_org, password)
    response = client.post(CODE_STEP, {"code": code})
    # Not «Неверный код.»: the digits were right, and the person needs the app's next code.
    assert "Этот код уже использован: дождитесь следующего кода в приложении." in response.content.decode()
    assert "Неверный код." not in response.content.decode()
    assert not _logged_in_as(client, client_org)


def test_a_recovery_code_logs_in_once(client, client_org, password):
    give_totp(client_org.user)
    code = recovery_codes(client_org.user)[0]
    _password_step(client, client_org, password)
    assert client.post(CODE_STEP, {"code": code})["Location"] == reverse("cabinet:home")
    assert _logged_in_as(client, client_org)
    client.post(reverse("account_logout"))

    _password_step(client, client_org, password)
    response = client.post(CODE_STEP, {"code": code})
    assert "Неверный код." in response.content.decode()
    assert not _logged_in_as(client, client_org)
    assert code not in recovery_codes(client_org.user)


def test_switching_it_off_needs_a_code_to_confirm_and_a_code_to_switch_off(logged_in, client_org):
    secret = give_totp(client_org.user)
    response = logged_in.get(DEACTIVATE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/2fa/reauthenticate/")  # the code, not the password

    response = logged_in.post("/accounts/2fa/reauthenticate/", {"code": "999999", "next": DEACTIVATE})
    assert "Неверный код." in response.content.decode()
    response = logged_in.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret), "next": DEACTIVATE})
    assert response["Location"] == DEACTIVATE
    page = logged_in.post(DEACTIVATE)
    assert page.status_code == 200 and 'name="code"' in page.content.decode()  # no code, nothing switched off
    assert Authenticator.objects.filter(user=client_org.user).exists()
    assert logged_in.post(DEACTIVATE, {"code": totp_code(secret, 1)})["Location"] == "/accounts/2fa/"
    assert not Authenticator.objects.filter(user=client_org.user).exists()  # the recovery codes went too
    assert logged_in.get("/accounts/2fa/")["Location"] == reverse("cabinet:security")


def test_an_organisation_that_requires_it_sends_an_open_session_to_set_it_up(logged_in, client_org):
    client_org.require_two_factor = True
    client_org.save()

    for url in (reverse("cabinet:home"), reverse("cabinet:register"), reverse("cabinet:question_list")):
        response = logged_in.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == reverse("cabinet:security")
    html = logged_in.get(reverse("cabinet:security")).content.decode()
    assert "Ваша организация требует двухфакторный вход." in html
    assert "Для вас обязателен вход с кодом из приложения-аутентификатора" in html


def test_an_htmx_fragment_is_sent_to_set_it_up_as_a_whole_page(logged_in, client_org):
    client_org.require_two_factor = True
    client_org.save()
    response = logged_in.get(reverse("cabinet:settlements_panel"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("cabinet:security")


def test_once_set_up_the_organisation_that_requires_it_lets_the_cabinet_work(logged_in, client_org):
    client_org.require_two_factor = True
    client_org.save()
    give_totp(client_org.user)
    assert logged_in.get(reverse("cabinet:home")).status_code == 200


def test_a_required_app_cannot_be_switched_off(logged_in, client_org):
    client_org.require_two_factor = True
    client_org.save()
    secret = give_totp(client_org.user)
    logged_in.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret)})

    html = logged_in.get(reverse("cabinet:security")).content.decode()
    assert "Двухфакторный вход обязателен для вашей организации." in html
    assert f'href="{DEACTIVATE}"' not in html
    assert "отключить его нельзя" in logged_in.get(DEACTIVATE).content.decode()
    logged_in.post(DEACTIVATE)
    assert _app_is_on(client_org)


def test_another_organisations_requirement_binds_nobody_else(logged_in, client_org, outsider_org):
    outsider_org.require_two_factor = True
    outsider_org.save()
    assert logged_in.get(reverse("cabinet:home")).status_code == 200


def test_staff_switch_the_requirement_on_in_the_client_form(client, superuser, client_org):
    client.force_login(superuser)
    html = client.get(reverse("admin:clients_client_change", args=[client_org.id])).content.decode()
    assert 'name="require_two_factor"' in html
    assert "Двухфакторный вход обязателен" in html or "двухфакторный вход обязателен" in html


def test_recovery_codes_download_as_a_file_of_ones_own_codes_only(logged_in, client_org, outsider_org):
    give_totp(outsider_org.user)
    assert logged_in.get("/accounts/2fa/recovery-codes/").status_code == 404  # none of its own yet
    secret = give_totp(client_org.user)
    # Codes are shown only to who just typed the password or a code again.
    assert logged_in.get("/accounts/2fa/recovery-codes/download/")["Location"].startswith(
        "/accounts/2fa/reauthenticate/"
    )
    logged_in.post("/accounts/2fa/reauthenticate/", {"code": totp_code(secret)})
    response = logged_in.get("/accounts/2fa/recovery-codes/download/")
    assert response["Content-Disposition"] == 'attachment; filename="recovery-codes.txt"'
    body = response.content.decode()
    assert all(code in body for code in recovery_codes(client_org.user))
    assert not any(code in body for code in recovery_codes(outsider_org.user))


def test_a_colleague_of_an_organisation_that_requires_it_must_set_it_up(client, client_org):
    from tests.clients.people_helpers import log_in, make_person

    make_person(client_org, email="anna@profkeramika.example", role="accountant")
    client_org.require_two_factor = True
    client_org.save(update_fields=["require_two_factor"])
    page = log_in(client, "anna@profkeramika.example")
    assert page.redirect_chain[-1][0] == "/security/"
    assert "Ваша организация требует двухфакторный вход" in page.content.decode()


def test_confirming_it_is_you_asks_the_password_or_the_apps_code(logged_in, client_org):
    page = logged_in.get(reverse("account_reauthenticate")).content.decode()
    assert "введите пароль ещё раз" in page and 'name="password"' in page
    give_totp(client_org.user)
    page = logged_in.get(reverse("mfa_reauthenticate")).content.decode()
    assert "введите код из приложения-аутентификатора" in page and 'name="code"' in page
    assert 'name="password"' not in page


def test_a_colleague_is_told_their_own_login_suffices(client, client_org):
    from tests.clients.people_helpers import log_in, make_person

    make_person(client_org, email="anna@profkeramika.example", role="accountant")
    log_in(client, "anna@profkeramika.example")
    html = client.get(reverse("cabinet:security")).content.decode()
    assert "Выключен: для входа достаточно e-mail и пароля." in html
    assert "ИНН" not in html


def test_confirming_before_the_recovery_codes_says_what_for(logged_in, client_org):
    # Only a login with an app has recovery codes, and it confirms with a code, never the password.
    give_totp(client_org.user)
    codes = reverse("mfa_view_recovery_codes")
    html = logged_in.get(reverse("mfa_reauthenticate"), {"next": codes}).content.decode()
    assert "Чтобы увидеть коды восстановления, введите код из приложения-аутентификатора." in html
    assert "Чтобы изменить настройки входа" not in html


def test_confirming_before_switching_the_app_off_still_says_login_settings(logged_in, client_org):
    give_totp(client_org.user)
    html = logged_in.get(reverse("mfa_reauthenticate"), {"next": DEACTIVATE}).content.decode()
    assert "Чтобы изменить настройки входа, введите код из приложения-аутентификатора." in html


def test_the_recovery_codes_page_leads_to_a_confirmation_that_names_it(client, client_org):
    give_totp(client_org.user)
    client.force_login(client_org.user, backend="apps.clients.backends.ClientAuthenticationBackend")
    response = client.get(reverse("mfa_view_recovery_codes"), follow=True)
    assert "Чтобы увидеть коды восстановления" in response.content.decode()
