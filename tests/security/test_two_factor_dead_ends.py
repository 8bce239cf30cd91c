"""Two-factor login in daily use (issue 19, dead ends 8–9, and the organisation switch of hole 7):
whatever a person's organisations require and whatever they set up, every path after the login
ends on a page they can act on — never in a loop, never refused for allauth's reasons."""

import itertools

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY
from django.test import Client as Browser
from django.urls import reverse

from apps.clients.models import Role
from apps.clients.selectors import ACTIVE_CLIENT_SESSION_KEY
from tests.clients.people_helpers import log_in, make_person
from tests.factories import PASSWORD, make_client
from tests.totp import give_totp, totp_code

pytestmark = pytest.mark.django_db
ANNA = "anna@holding.example"
HOME, SECURITY, CHOICE = "/", "/security/", "/organisation/"


def _log_in(http, secret: str | None):
    response = log_in(http, ANNA)
    if secret is not None:  # allauth's code stage after the password
        assert response.redirect_chain[-1][0].startswith("/accounts/2fa/authenticate/")
        response = http.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)}, follow=True)
    return response


def _choose(http, organisation) -> None:
    if organisation is None:
        session = http.session
        session.pop(ACTIVE_CLIENT_SESSION_KEY, None)
        session.save()
    else:
        http.post(CHOICE, {"client_id": organisation.id})


# One organisation has no other to choose.
CASES = [case for case in itertools.product([1, 2], [True, False], [True, False], ["requiring", "other", None])
         if not (case[0] == 1 and case[3] == "other")]  # fmt: skip


@pytest.mark.parametrize(("organisations", "required", "app", "chosen"), CASES)
def test_every_combination_ends_on_a_page_the_person_can_act_on(client_org, organisations, required, app, chosen):
    client_org.require_two_factor = required
    client_org.save()
    anna = make_person(client_org, email=ANNA, role=Role.ACCOUNTANT)
    other = make_client(name="АО «Второе»", inn="7728012340") if organisations == 2 else None
    if other is not None:
        make_person(other, email=ANNA, role=Role.ACCOUNTANT)
    http = Browser()
    _log_in(http, give_totp(anna) if app else None)
    _choose(http, {"requiring": client_org, "other": other, None: None}[chosen])

    page = http.get(HOME, follow=True)  # a redirect loop raises here (Django's RedirectCycleError)
    assert page.status_code == 200
    landed = page.redirect_chain[-1][0] if page.redirect_chain else HOME
    acting = {"requiring": client_org, "other": other, None: client_org if organisations == 1 else None}[chosen]
    if acting is None:
        assert landed == CHOICE and "АО «Второе»" in page.content.decode()
    elif acting.require_two_factor and not app:
        assert landed == SECURITY and "Ваша организация требует двухфакторный вход" in page.content.decode()
    else:
        assert landed == HOME and f"Здравствуйте, {acting.name}!" in page.content.decode()


def test_choosing_the_organisation_that_does_not_require_it_opens_its_cabinet(client_org):
    client_org.require_two_factor = True
    client_org.save()
    make_person(client_org, email=ANNA, role=Role.ACCOUNTANT)
    other = make_client(name="АО «Второе»", inn="7728012340")
    make_person(other, email=ANNA, role=Role.ACCOUNTANT)
    http = Browser()
    _log_in(http, None)
    page = http.post(CHOICE, {"client_id": other.id}, follow=True)
    assert page.redirect_chain[-1][0] == HOME and "Здравствуйте, АО «Второе»!" in page.content.decode()
    page = http.post(CHOICE, {"client_id": client_org.id}, follow=True)
    assert page.redirect_chain[-1][0] == SECURITY


def test_a_colleague_who_once_pressed_forgot_password_can_still_set_up_the_app(client, client_org):
    """allauth writes an unverified address row when a reset link is made; its rule «verify your
    address first» must not lock out a person whose organisation requires the app."""
    anna = make_person(client_org, email=ANNA, role=Role.ACCOUNTANT)
    Browser().post(reverse("account_reset_password"), {"email": ANNA})
    assert anna.emailaddress_set.filter(verified=False).exists()  # what allauth left behind
    client_org.require_two_factor = True
    client_org.save()
    log_in(client, ANNA)
    activate = reverse("mfa_activate_totp")
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD, "next": activate})
    page = client.get(activate)
    assert page.status_code == 200 and "QR-код" in page.content.decode()
    response = client.post(activate, {"code": totp_code(client.session[SECRET_SESSION_KEY])})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=anna, type=Authenticator.Type.TOTP).exists()


@pytest.mark.parametrize("target", ["cabinet:people", "nonsense", "https://evil.example/", "//evil.example/x", ""])
def test_a_bad_next_on_the_organisation_switch_goes_home(client, client_org, target):
    make_person(client_org, email=ANNA, role=Role.ACCOUNTANT)
    log_in(client, ANNA)
    response = client.post(CHOICE, {"client_id": client_org.id, "next": target})
    assert response.status_code == 302 and response["Location"] == HOME


def test_a_good_next_on_the_organisation_switch_is_kept(client, client_org):
    make_person(client_org, email=ANNA, role=Role.ACCOUNTANT)
    log_in(client, ANNA)
    response = client.post(CHOICE, {"client_id": client_org.id, "next": "/documents/?page=2"})
    assert response["Location"] == "/documents/?page=2"
